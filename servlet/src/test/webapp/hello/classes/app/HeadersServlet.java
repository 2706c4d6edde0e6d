package app;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The request's headers (names as received, every value) and cookies; answers repeated headers and a cookie. */
public class HeadersServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=utf-8");
        resp.addHeader("X-Multi", "one");
        resp.addHeader("X-Multi", "two");
        Cookie cookie = new Cookie("flavour", "oat");
        cookie.setPath(req.getContextPath());
        resp.addCookie(cookie);
        PrintWriter w = resp.getWriter();
        for (String name : Collections.list(req.getHeaderNames())) {
            w.println(name + ": " + Collections.list(req.getHeaders(name)));
        }
        List<String> cookies = new ArrayList<>();
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) {
                cookies.add(c.getName() + "=" + c.getValue());
            }
        }
        w.println("cookies=" + cookies);
    }
}
