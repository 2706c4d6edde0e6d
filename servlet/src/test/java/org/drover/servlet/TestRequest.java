package org.drover.servlet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drover.api.Environ;
import org.drover.api.Headers;

/** A request as the worker gives it to an app: vars as the master builds them, headers as received, a body. */
final class TestRequest {

    private final String method;
    private final String uri;
    private final List<String> headers = new ArrayList<>();
    private String host = "localhost:8080";
    private String serverName = "localhost";
    private int serverPort = 8080;
    private String scheme = "http";
    private String remoteAddr = "127.0.0.1";
    private int remotePort = 50000;
    private String protocol = "HTTP/1.1";
    private TestBody body = TestBody.empty();
    private String contentType;
    private boolean chunked;

    private TestRequest(String method, String uri) {
        this.method = method;
        this.uri = uri;
    }

    static TestRequest get(String uri) {
        return new TestRequest("GET", uri);
    }

    static TestRequest of(String method, String uri) {
        return new TestRequest(method, uri);
    }

    TestRequest header(String name, String value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    /** The Host header; null for none. */
    TestRequest host(String host) {
        this.host = host;
        return this;
    }

    TestRequest server(String name, int port) {
        this.serverName = name;
        this.serverPort = port;
        return this;
    }

    TestRequest scheme(String scheme) {
        this.scheme = scheme;
        return this;
    }

    TestRequest remote(String addr, int port) {
        this.remoteAddr = addr;
        this.remotePort = port;
        return this;
    }

    TestRequest protocol(String protocol) {
        this.protocol = protocol;
        return this;
    }

    TestRequest body(String contentType, TestBody body) {
        this.contentType = contentType;
        this.body = body;
        return this;
    }

    /** The client sent the body chunked: no Content-Length header; the master buffered it, so CONTENT_LENGTH is set. */
    TestRequest chunked() {
        this.chunked = true;
        return this;
    }

    TestBody body() {
        return body;
    }

    Environ environ() {
        int q = uri.indexOf('?');
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REQUEST_METHOD", method);
        vars.put("REQUEST_URI", uri);
        vars.put("PATH_INFO", q < 0 ? uri : uri.substring(0, q));
        vars.put("QUERY_STRING", q < 0 ? "" : uri.substring(q + 1));
        vars.put("SCRIPT_NAME", "");
        vars.put("SERVER_NAME", serverName);
        vars.put("SERVER_PORT", Integer.toString(serverPort));
        vars.put("SERVER_PROTOCOL", protocol);
        vars.put("REMOTE_ADDR", remoteAddr);
        vars.put("REMOTE_PORT", Integer.toString(remotePort));
        vars.put("REQUEST_SCHEME", scheme);
        vars.put("wsgi.url_scheme", scheme);
        if (scheme.equals("https")) {
            vars.put("HTTPS", "on");
        }
        List<String> received = new ArrayList<>();
        if (host != null) {
            received.add("Host");
            received.add(host);
        }
        if (contentType != null) {
            vars.put("CONTENT_TYPE", contentType);
            received.add("Content-Type");
            received.add(contentType);
        }
        if (body.length() > 0) {
            vars.put("CONTENT_LENGTH", Long.toString(body.length()));
            received.add(chunked ? "Transfer-Encoding" : "Content-Length");
            received.add(chunked ? "chunked" : Long.toString(body.length()));
        }
        received.addAll(headers);
        for (int i = 0; i < received.size(); i += 2) {
            String name = received.get(i);
            if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")) {
                continue;
            }
            vars.merge(
                    "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_'),
                    received.get(i + 1),
                    (a, b) -> a + ", " + b);
        }
        return new Environ(vars, Headers.of(received), body);
    }
}
