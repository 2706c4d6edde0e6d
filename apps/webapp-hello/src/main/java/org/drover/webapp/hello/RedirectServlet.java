package org.drover.webapp.hello;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /redirect}: {@code sendRedirect("hello")}, a relative URL that the container makes
 * absolute from what it believes the request's address is (scheme, host, port, context path);
 * the tests check it points back to where the client sent the request.
 */
@WebServlet("/redirect")
public final class RedirectServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect("hello");
    }
}
