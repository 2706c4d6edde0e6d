package app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Sends part of its response, then fails. */
public class ThrowLateServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
        resp.getWriter().print("partial");
        resp.flushBuffer();
        throw new IllegalStateException("failed after the response started");
    }
}
