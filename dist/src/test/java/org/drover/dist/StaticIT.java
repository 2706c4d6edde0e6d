package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * static-map against the built distribution: files served by the master on the HTTP and the
 * uwsgi listener, with raw requests; the echo app at / answers whatever falls through
 * ({@code GET /path}), so a fall-through is seen in the body.
 */
class StaticIT {

    @TempDir
    static Path dir;

    private static DroverProcess drover;
    private static Path www;

    @BeforeAll
    static void start() throws Exception {
        www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("app.css"), "body { color: red }\n");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("body { color: red }\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(www.resolve("app.css.gz"), gz.toByteArray());
        Files.writeString(www.resolve("app.js"), "let a = 1;\n");
        Files.writeString(www.resolve("app.js.br"), "not really brotli");
        byte[] ten = new byte[10240];
        for (int i = 0; i < ten.length; i++) {
            ten[i] = (byte) ('a' + i % 26);
        }
        Files.write(www.resolve("ten.txt"), ten);
        Files.createDirectories(www.resolve("docs"));
        Files.writeString(www.resolve("docs/index.html"), "<h1>docs</h1>\n");
        Files.createDirectories(www.resolve("empty"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret\n");
        Files.writeString(dir.resolve("secret.txt"), "secret\n");
        Files.createSymbolicLink(www.resolve("leak.txt"), outside.resolve("secret.txt"));
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("logo.txt"), "logo\n");
        Files.createSymbolicLink(www.resolve("logo.txt"), shared.resolve("logo.txt"));
        Path favicon = Files.writeString(dir.resolve("favicon.ico"), "icon");
        drover = DroverProcess.serve(
                "--app", DroverProcess.ECHO.toString(),
                "--socket", "127.0.0.1:0",
                "--metrics", "127.0.0.1:0",
                "--static-map", "/static=" + www,
                "--static-map", "/favicon.ico=" + favicon,
                "--static-index", "index.html",
                "--static-safe", shared.toString(),
                "--static-expires", "\\.css$ 3600",
                "--static-cache-control", "\\.js$ public, max-age=60");
    }

    @AfterAll
    static void stop() {
        drover.close();
    }

    private static String request(String method, String target, String... headers) throws Exception {
        StringBuilder text = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        try (Raw raw = new Raw(drover.port())) {
            return raw.send(text.append("\r\n").toString()).readToEnd();
        }
    }

    private static String get(String target, String... headers) throws Exception {
        return request("GET", target, headers);
    }

    private static String header(String response, String name) {
        String head = response.substring(0, response.indexOf("\r\n\r\n") + 2);
        Matcher m = Pattern.compile("(?i)\r\n" + name + ": ([^\r]*)\r\n").matcher(head);
        return m.find() ? m.group(1) : null;
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void aFileIsServedByTheMasterWithItsTypeLengthValidatorsAndTheRulesHeaders() throws Exception {
        drover.mark();
        String css = get("/static/app.css");
        assertTrue(css.startsWith("HTTP/1.1 200 OK\r\n"), css);
        assertEquals("body { color: red }\n", body(css));
        assertEquals("text/css", header(css, "Content-Type"));
        assertEquals("20", header(css, "Content-Length"));
        assertEquals("bytes", header(css, "Accept-Ranges"));
        assertEquals("Accept-Encoding", header(css, "Vary"), "it has a .gz variant");
        assertTrue(header(css, "ETag").matches("\"[0-9a-f]+-14\""), css);
        assertTrue(header(css, "Last-Modified").matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), css);
        assertTrue(header(css, "Expires").endsWith(" GMT"), css);
        assertEquals(null, header(css, "Cache-Control"));
        assertEquals("public, max-age=60", header(get("/static/app.js"), "Cache-Control"));
        drover.awaitLine(
                "\\[pid: \\d+\\|worker: 0\\|req: 0/\\d+\\] .* GET /static/app.css => generated 20 bytes in \\d+"
                        + " msecs \\(HTTP/1.1 200\\)");

        String head = request("HEAD", "/static/app.css");
        assertEquals("20", header(head, "Content-Length"));
        assertEquals("", body(head), "no body for HEAD");
        assertEquals("icon", body(get("/favicon.ico")), "a map to a single file");
    }

    @Test
    void conditionalAndRangeRequests() throws Exception {
        String etag = header(get("/static/ten.txt"), "ETag");
        String modified = header(get("/static/ten.txt"), "Last-Modified");
        assertTrue(get("/static/ten.txt", "If-None-Match: " + etag).startsWith("HTTP/1.1 304 "));
        assertTrue(get("/static/ten.txt", "If-None-Match: \"other\", W/" + etag).startsWith("HTTP/1.1 304 "));
        assertTrue(get("/static/ten.txt", "If-Modified-Since: " + modified).startsWith("HTTP/1.1 304 "));
        assertTrue(get("/static/ten.txt", "If-None-Match: \"other\"").startsWith("HTTP/1.1 200 "));

        String part = get("/static/ten.txt", "Range: bytes=26-51");
        assertTrue(part.startsWith("HTTP/1.1 206 "), part);
        assertEquals("bytes 26-51/10240", header(part, "Content-Range"));
        assertEquals("abcdefghijklmnopqrstuvwxyz", body(part));
        assertEquals("tuv", body(get("/static/ten.txt", "Range: bytes=-3")), "the last 3 bytes: 10237..10239");
        String unsatisfiable = get("/static/ten.txt", "Range: bytes=20000-");
        assertTrue(unsatisfiable.startsWith("HTTP/1.1 416 "), unsatisfiable);
        assertEquals("bytes */10240", header(unsatisfiable, "Content-Range"));
        assertTrue(get("/static/ten.txt", "Range: bytes=0-1", "If-Range: \"stale\"")
                .startsWith("HTTP/1.1 200 "));
        assertTrue(
                get("/static/ten.txt", "Range: bytes=0-1", "If-Range: " + etag).startsWith("HTTP/1.1 206 "));
    }

    @Test
    void aPrecompressedVariantGoesToAClientThatAcceptsIt() throws Exception {
        String gzip = get("/static/app.css", "Accept-Encoding: gzip, deflate");
        assertEquals("gzip", header(gzip, "Content-Encoding"));
        assertEquals("text/css", header(gzip, "Content-Type"));
        assertEquals("Accept-Encoding", header(gzip, "Vary"));
        assertEquals(Long.toString(Files.size(www.resolve("app.css.gz"))), header(gzip, "Content-Length"));
        assertEquals(null, header(get("/static/app.css", "Accept-Encoding: gzip;q=0"), "Content-Encoding"));
        String br = get("/static/app.js", "Accept-Encoding: gzip, br");
        assertEquals("br", header(br, "Content-Encoding"));
        assertEquals("not really brotli", body(br));
    }

    @Test
    void aDirectoryServesItsIndexAndNeverAListing() throws Exception {
        assertEquals("<h1>docs</h1>\n", body(get("/static/docs/")));
        assertEquals("GET /static/empty/\n", body(get("/static/empty/")), "no index: to the apps");
    }

    @Test
    void whatIsNotAFileUnderTheMapFallsThroughToTheApps() throws Exception {
        assertEquals("GET /static/missing.css\n", body(get("/static/missing.css")));
        String post = request("POST", "/static/app.css", "Content-Length: 0");
        assertFalse(post.contains("color: red"), "the echo app answers a POST with its (empty) body: " + post);
        assertFalse("text/css".equals(header(post, "Content-Type")), post);
        assertEquals("GET /other\n", body(get("/other")));
    }

    @Test
    void nothingOutsideTheDirectoryIsServedAndEachTryIsLogged() throws Exception {
        drover.mark();
        assertEquals("GET /static/../secret.txt\n", body(get("/static/../secret.txt")));
        drover.awaitLine("drover: static-map security warning: GET /static/\\.\\./secret.txt from 127.0.0.1 not served:"
                + " a '\\.\\.' segment; passed to the apps");
        assertEquals("GET /static/leak.txt\n", body(get("/static/leak.txt")));
        drover.awaitLine("drover: static-map security warning: GET /static/leak.txt .* it resolves to .*secret.txt,"
                + " outside .* and every static-safe directory; passed to the apps");
        // Jetty refuses encoded dots and slashes in a path itself, before any handler.
        assertTrue(get("/static/%2e%2e/secret.txt").startsWith("HTTP/1.1 400 "));
        assertEquals("logo\n", body(get("/static/logo.txt")), "a symlink into a static-safe directory");

        // Over uwsgi too: a '..' is refused by the master's checks, encoded dots and slashes by its parser.
        drover.mark();
        assertEquals("GET /static/../secret.txt\n", body(uwsgi("/static/../secret.txt")));
        drover.awaitLine("drover: static-map security warning: GET /static/\\.\\./secret.txt from 198.51.100.7 not"
                + " served: a '\\.\\.' segment; passed to the apps");
        for (String encoded : new String[] {"/static/%2e%2e/secret.txt", "/static/..%2fsecret.txt"}) {
            String answer = uwsgi(encoded);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertFalse(answer.contains("secret\n"), answer);
        }
    }

    @Test
    void theUwsgiListenerServesFilesToo() throws Exception {
        String css = uwsgi("/static/app.css");
        assertTrue(css.startsWith("HTTP/1.1 200 OK\r\n"), css);
        assertEquals("body { color: red }\n", body(css));
        assertEquals("GET /static/missing.css\n", body(uwsgi("/static/missing.css")));
    }

    @Test
    void staticRequestsAndBytesAreCounted() throws Exception {
        get("/static/ten.txt");
        int port = Integer.parseInt(drover.awaitLineFromStart("drover metrics on http://127.0.0.1:(\\d+)/metrics")
                .group(1));
        String metrics = Http.get(port, "/metrics").body();
        Matcher requests = Pattern.compile("drover_static_requests_total\\{status=\"200\"} (\\d+)\\.0")
                .matcher(metrics);
        assertTrue(requests.find(), metrics);
        assertTrue(Long.parseLong(requests.group(1)) >= 1, metrics);
        Matcher bytes = Pattern.compile("drover_static_bytes_total (\\d+)\\.0").matcher(metrics);
        assertTrue(bytes.find() && Long.parseLong(bytes.group(1)) >= 10240, metrics);
    }

    private static String uwsgi(String uri) throws Exception {
        return UwsgiPeer.exchange(
                drover.uwsgiAddress(), UwsgiPeer.packet(0, UwsgiPeer.vars("GET", uri, 0)), new byte[0], false);
    }
}
