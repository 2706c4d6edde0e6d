package org.drover.webapp.hello;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * {@code GET /session}: counts the requests of one {@code HttpSession}, body {@code count=N id=<session id>}, so
 * tests see that sessions live inside one worker (and, across workers or restarts, that they do not).
 */
@WebServlet("/session")
public final class SessionCounterServlet extends HttpServlet {

    private static final String COUNT = "count";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(true);
        int count;
        synchronized (session) {
            Object previous = session.getAttribute(COUNT);
            count = previous == null ? 1 : (Integer) previous + 1;
            session.setAttribute(COUNT, count);
        }
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().print("count=" + count + " id=" + session.getId() + "\n");
    }
}
