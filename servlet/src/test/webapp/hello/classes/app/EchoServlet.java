package app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Reads the whole body with getInputStream(); answers its length and SHA-256, and the thread it ran on. */
public class EchoServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long n = 0;
            byte[] buf = new byte[8192];
            InputStream in = req.getInputStream();
            for (int r; (r = in.read(buf)) >= 0; ) {
                md.update(buf, 0, r);
                n += r;
            }
            resp.setContentType("text/plain");
            resp.getWriter().print(n + " " + HexFormat.of().formatHex(md.digest()) + " " + Thread.currentThread().getName());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
