package app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;

/** Reads with getReader(): counts lines and characters (UTF-8). */
public class ReaderServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        BufferedReader r = req.getReader();
        int lines = 0;
        long chars = 0;
        String first = null;
        for (String line; (line = r.readLine()) != null; ) {
            if (first == null) first = line;
            lines++;
            chars += line.length();
        }
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().print("lines=" + lines + " chars=" + chars + " first=" + first + " enc=" + req.getCharacterEncoding());
    }
}
