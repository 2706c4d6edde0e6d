package org.drover.webapp.hello;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /hello}: {@code 200 text/plain} "Hello from a servlet", the smallest answer, for smoke tests and the
 * benchmark. Declared in {@code web.xml}, not annotated, so that a container that only scans annotations fails here.
 */
public final class HelloServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().print("Hello from a servlet\n");
    }
}
