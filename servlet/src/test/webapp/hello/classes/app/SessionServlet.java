package app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Creates a session and counts the requests in it. */
public class SessionServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        var session = req.getSession(true);
        Integer n = (Integer) session.getAttribute("n");
        n = n == null ? 1 : n + 1;
        session.setAttribute("n", n);
        resp.getWriter().print(session.getId() + " " + n);
    }
}
