package app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Sleeps ?ms= milliseconds and says which thread it ran on; records an interrupt in System properties. */
public class SleepServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Thread.sleep(Long.parseLong(req.getParameter("ms")));
        } catch (InterruptedException e) {
            System.setProperty("test.sleep.interrupted", Thread.currentThread().getName());
            throw new IOException("interrupted in SleepServlet", e);
        }
        resp.getWriter().print(Thread.currentThread().getName());
    }
}
