package org.drover.webapp.hello;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The {@code web.xml} error page for exceptions and for 404: a recognisable {@code text/plain} body so tests can tell
 * the app's error page from the container's, for any method.
 *
 * <p>Body: {@code drover-webapp-hello error page}, then {@code status=}, {@code exception=} (the class),
 * {@code message=} and {@code requestURI=} from the error dispatch's attributes. The status is the container's.
 */
@WebServlet("/error-page")
public final class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Throwable exception = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        response.setContentType("text/plain;charset=utf-8");
        PrintWriter out = response.getWriter();
        out.print("drover-webapp-hello error page\n");
        out.print("status=" + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) + "\n");
        out.print(
                "exception=" + (exception == null ? null : exception.getClass().getName()) + "\n");
        out.print("message=" + message(request, exception) + "\n");
        out.print("requestURI=" + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + "\n");
    }

    private static Object message(ServletRequest request, Throwable exception) {
        return exception != null ? exception.getMessage() : request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    }
}
