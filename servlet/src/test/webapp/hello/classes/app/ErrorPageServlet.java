package app;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The web.xml error page for 404. */
public class ErrorPageServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().print("custom error page: " + req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)
                + " " + req.getAttribute(RequestDispatcher.ERROR_MESSAGE)
                + " for " + req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    }
}
