package org.drover.webapp.hello;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.OptionalDouble;

/**
 * {@code GET /sleep?seconds=N}: sleeps N seconds (default 1, fractional allowed, at most a day) then answers {@code slept N}; the
 * harakiri tests time it out and look for {@link #sleepInServlet} on the stuck thread's stack.
 */
@WebServlet("/sleep")
public final class SleepServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OptionalDouble seconds = QueryNumber.read(request, response, "seconds", 1, 86_400);
        if (seconds.isEmpty()) {
            return;
        }
        try {
            sleepInServlet(seconds.getAsDouble());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted while sleeping");
            return;
        }
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().print("slept " + QueryNumber.format(seconds.getAsDouble()) + "\n");
    }

    /** The frame the harakiri tests look for: the name says where the thread is stuck. */
    static void sleepInServlet(double seconds) throws InterruptedException {
        Thread.sleep(Math.round(seconds * 1000));
    }
}
