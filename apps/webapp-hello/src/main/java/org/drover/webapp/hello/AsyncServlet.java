package org.drover.webapp.hello;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.OptionalDouble;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /async?ms=N}: starts async, returns the request thread, and answers {@code async done} from {@link
 * SchedulerListener}'s thread N ms later (default 100, at most an hour), for the tests of requests that outlive
 * {@code service()}.
 */
@WebServlet(urlPatterns = "/async", asyncSupported = true)
public final class AsyncServlet extends HttpServlet {

    private ScheduledExecutorService scheduler;

    @Override
    public void init() {
        scheduler = SchedulerListener.scheduler(getServletContext());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OptionalDouble ms = QueryNumber.read(request, response, "ms", 100, 3_600_000);
        if (ms.isEmpty()) {
            return;
        }
        long delay = Math.round(ms.getAsDouble());
        AsyncContext async = request.startAsync();
        async.setTimeout(delay + 30_000);
        scheduler.schedule(() -> answer(async), delay, TimeUnit.MILLISECONDS);
    }

    private static void answer(AsyncContext async) {
        try {
            async.getResponse().setContentType("text/plain;charset=utf-8");
            async.getResponse().getWriter().print("async done\n");
        } catch (IOException | IllegalStateException e) {
            // the client went away or the request timed out: nothing left to answer
        } finally {
            async.complete();
        }
    }
}
