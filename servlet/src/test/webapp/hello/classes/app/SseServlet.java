package app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Server-sent events: one event, flushBuffer(), then waits for the test's latch (in System properties). */
public class SseServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/event-stream");
        PrintWriter w = resp.getWriter();
        w.print("data: first\n\n");
        resp.flushBuffer();
        CountDownLatch go = (CountDownLatch) System.getProperties().get("test.sse.latch");
        try {
            if (!go.await(10, TimeUnit.SECONDS)) {
                throw new IOException("the test never released the latch");
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        w.print("data: second\n\n");
        resp.flushBuffer();
        w.print("data: third\n\n");
    }
}
