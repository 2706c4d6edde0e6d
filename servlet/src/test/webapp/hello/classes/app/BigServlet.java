package app;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;

/** 1 MiB of 'x' in 8 KiB writes, no Content-Length. */
public class BigServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] b = new byte[8192];
        Arrays.fill(b, (byte) 'x');
        ServletOutputStream out = resp.getOutputStream();
        for (int i = 0; i < 128; i++)
            out.write(b);
    }
}
