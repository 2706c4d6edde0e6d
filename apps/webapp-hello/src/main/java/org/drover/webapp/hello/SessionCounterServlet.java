package org.drover.webapp.hello;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * {@code GET /session}: counts the requests of one {@code HttpSession}, body {@code count=N id=<session id>}, so
 * tests see that sessions live inside one worker (and, across workers or restarts, that they do not). With
 * {@code ?seconds=N} it takes that long to answer, so that sessions made at once land on different workers.
 */
@WebServlet("/session")
public final class SessionCounterServlet extends HttpServlet {

    private static final String COUNT = "count";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        java.util.OptionalDouble seconds = QueryNumber.read(request, response, "seconds", 0, 60);
        if (seconds.isEmpty()) {
            return;
        }
        try {
            SleepServlet.sleepInServlet(seconds.getAsDouble());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
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
