package org.drover.webapp.hello;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /boom}: throws {@code ServletException("boom from servlet")}, so tests see the container answer 500
 * through the app's {@code web.xml} error page ({@link ErrorPageServlet}) and the worker stay up.
 */
@WebServlet("/boom")
public final class BoomServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException {
        throw new ServletException("boom from servlet");
    }
}
