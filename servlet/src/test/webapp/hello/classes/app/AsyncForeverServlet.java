package app;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** startAsync() and never completes; says in System properties when the container failed it. */
public class AsyncForeverServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        AsyncContext ac = req.startAsync();
        ac.setTimeout(0);
        ac.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                System.setProperty("test.forever.complete", "yes");
            }

            @Override
            public void onTimeout(AsyncEvent event) {}

            @Override
            public void onError(AsyncEvent event) {
                System.setProperty("test.forever.error", String.valueOf(event.getThrowable()));
                event.getAsyncContext().complete();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {}
        });
    }
}
