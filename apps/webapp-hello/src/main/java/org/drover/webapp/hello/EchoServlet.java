package org.drover.webapp.hello;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code POST /echo}: streams the request body back as read from {@code getInputStream()}, with the request's {@code
 * Content-Type} (none when it had none), for the tests of request bodies: sizes, chunked uploads, slow clients.
 */
@WebServlet("/echo")
public final class EchoServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contentType = request.getContentType();
        if (contentType != null) {
            response.setContentType(contentType);
        }
        try (InputStream in = request.getInputStream()) {
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
        }
    }
}
