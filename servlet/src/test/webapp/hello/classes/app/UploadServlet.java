package app;

import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A multipart upload: each part's name, file name, size and SHA-256. */
@WebServlet("/upload")
@MultipartConfig(fileSizeThreshold = 16 * 1024)
public class UploadServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, jakarta.servlet.ServletException {
        resp.setContentType("text/plain;charset=utf-8");
        PrintWriter w = resp.getWriter();
        for (Part part : req.getParts()) {
            try (InputStream in = part.getInputStream()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[8192];
                long n = 0;
                for (int r; (r = in.read(buf)) >= 0; ) {
                    md.update(buf, 0, r);
                    n += r;
                }
                w.println(part.getName() + " " + part.getSubmittedFileName() + " " + n + " "
                        + HexFormat.of().formatHex(md.digest()));
            } catch (NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
        }
        w.println("field=" + req.getParameter("comment"));
    }
}
