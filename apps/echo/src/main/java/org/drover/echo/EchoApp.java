package org.drover.echo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.api.Environ;
import org.drover.api.StartResponse;

/**
 * Echoes requests back, to show streaming both ways: {@code POST} (or {@code PUT}) streams the
 * request body back as the response body; {@code GET /vars} lists the request's variables;
 * {@code GET /headers} its headers as the client sent them, one {@code Name: value} line each;
 * {@code GET /stream?n=N} streams N chunks of unknown total length.
 */
public final class EchoApp implements Application {

    @Override
    public Body call(Environ environ, StartResponse startResponse) {
        String path = environ.pathInfo();
        if (environ.contentLength() > 0
                || environ.method().equals("POST")
                || environ.method().equals("PUT")) {
            startResponse.start(
                    200,
                    "Content-Type",
                    environ.contentType().isEmpty() ? "application/octet-stream" : environ.contentType());
            return Body.of(environ.input());
        }
        if (path.equals("/vars")) {
            StringBuilder text = new StringBuilder();
            Map<String, String> sorted = new TreeMap<>(environ.vars());
            sorted.forEach(
                    (name, value) -> text.append(name).append('=').append(value).append('\n'));
            startResponse.start(200, "Content-Type", "text/plain; charset=utf-8");
            return Body.of(text.toString());
        }
        if (path.equals("/headers")) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < environ.headers().size(); i++) {
                text.append(environ.headers().name(i))
                        .append(": ")
                        .append(environ.headers().value(i))
                        .append('\n');
            }
            startResponse.start(200, "Content-Type", "text/plain; charset=utf-8");
            return Body.of(text.toString());
        }
        if (path.equals("/stream")) {
            int n = Integer.parseInt(
                    environ.queryString().replaceFirst("^n=", "").isEmpty()
                            ? "3"
                            : environ.queryString().replaceFirst("^n=", ""));
            startResponse.start(200, "Content-Type", "text/plain");
            return new Body() {
                private int sent;

                @Override
                public byte[] next() {
                    return sent < n ? ("chunk " + sent++ + "\n").getBytes(StandardCharsets.US_ASCII) : null;
                }
            };
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((environ.method() + " " + environ.requestUri() + "\n").getBytes(StandardCharsets.UTF_8));
        startResponse.start(200, "Content-Type", "text/plain");
        return Body.of(out.toByteArray());
    }
}
