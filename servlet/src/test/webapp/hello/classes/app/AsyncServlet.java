package app;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** startAsync(); 200 ms later a thread of the container's pool writes (flushing between) and completes. */
public class AsyncServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        String startedOn = Thread.currentThread().getName();
        AsyncContext ac = req.startAsync();
        ac.start(() -> {
            try {
                Thread.sleep(200);
                ac.getResponse().setContentType("text/plain");
                PrintWriter w = ac.getResponse().getWriter();
                w.print("started on " + startedOn + ";");
                ac.getResponse().flushBuffer();
                w.print(" completed on " + Thread.currentThread().getName().replaceAll("-\\d+$", "-N"));
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
            ac.complete();
        });
    }
}
