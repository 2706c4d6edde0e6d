package org.drover.webapp.hello;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

/**
 * {@code GET /events?n=N}: Server-Sent Events, {@code text/event-stream}, N events {@code data: event i} for i from 1
 * to N (default 5, at most 10000), the first at once and then one every 100 ms, each flushed, for the tests of
 * streamed responses (every event must reach the client before the next is written).
 *
 * <p>Plain blocking writes with a flush after each, on the request thread: no async, so the request holds its worker
 * thread for the whole stream. A client that goes away ends the loop with the write's {@code IOException}.
 */
@WebServlet("/events")
public final class EventsServlet extends HttpServlet {

    private static final long INTERVAL_MILLIS = 100;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OptionalDouble n = QueryNumber.read(request, response, "n", 5, 10_000);
        if (n.isEmpty()) {
            return;
        }
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        ServletOutputStream out = response.getOutputStream();
        long events = Math.round(n.getAsDouble());
        for (long i = 1; i <= events; i++) {
            if (i > 1 && !pause()) {
                return;
            }
            out.write(("data: event " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(INTERVAL_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
