package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bodies both ways through the echo app: large, streamed, HEAD, limits and 100-continue; the
 * faulty app at {@code /faulty} holds a stream open for as long as a test needs.
 */
class BodiesIT {

    private static DroverProcess drover;

    @BeforeAll
    static void start() throws IOException {
        drover = DroverProcess.serve(
                "--app",
                DroverProcess.ECHO.toString(),
                "--app",
                DroverProcess.FAULTY.toString(),
                "--mount",
                "/faulty=FaultyApp",
                "--mount",
                "/=EchoApp",
                "--set",
                "faulty.greeting=hi",
                "--threads",
                "4",
                "--limit-post",
                "150m");
    }

    @AfterAll
    static void stop() {
        drover.close();
    }

    @Test
    void aTenMegabyteBodyIsEchoedIntact() throws Exception {
        byte[] body = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(body);
        HttpResponse<byte[]> response = Http.post(drover.port(), "/echo", body);
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
    }

    @Test
    void aHundredMegabytesPassBothWaysThroughSmallHeaps() throws Exception {
        long size = 100L * 1024 * 1024;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        HttpRequest request = Http.request(drover.port(), "/big")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size, sent)))
                .header("Content-Type", "application/octet-stream")
                .build();
        HttpResponse<InputStream> response = Http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.update(buffer, 0, n);
                total += n;
            }
        }
        assertEquals(size, total);
        assertArrayEquals(sent.digest(), received.digest());
    }

    @Test
    void aStreamedResponseIsChunkedAndEachChunkGoesOutAsTheAppWritesIt() throws Exception {
        try (Raw raw = new Raw(drover.port())) {
            // the app writes "first", then holds "last" until /release, served by one of the other threads
            raw.send("GET /faulty/hold?key=streamed HTTP/1.1\r\nHost: t\r\n\r\n"); // kept alive: chunked
            try {
                String head = raw.readHead();
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                assertTrue(head.contains("Transfer-Encoding: chunked\r\n"), head);
                assertEquals("first\n", raw.readChunk());
            } catch (SocketTimeoutException e) {
                throw new AssertionError(
                        "the first chunk did not reach the client while the app held the last one: "
                                + "the response is buffered, not streamed",
                        e);
            } finally {
                assertEquals(
                        200,
                        Http.get(drover.port(), "/faulty/release?key=streamed").statusCode());
            }
            assertEquals("last\n", raw.readChunk(), "the held chunk, once released");
            assertEquals("", raw.readChunk(), "the end of the body");
        }
    }

    @Test
    void headKeepsTheContentLengthAndSendsNoBody() throws Exception {
        try (Raw raw = new Raw(drover.port())) {
            raw.send("HEAD /some/path HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            String all = raw.readToEnd();
            assertTrue(all.startsWith("HTTP/1.1 200"), all);
            assertTrue(all.contains("Content-Length: 16\r\n"), all); // "HEAD /some/path\n"
            assertTrue(all.endsWith("\r\n\r\n"), "no body after the head: " + all);
        }
    }

    @Test
    void expectContinueIsAnsweredOnlyAfterTheLimits() throws Exception {
        drover.mark();
        try (Raw raw = new Raw(drover.port())) {
            raw.send("POST /too-big HTTP/1.1\r\nHost: t\r\nContent-Length: 209715200\r\nExpect: 100-continue\r\n\r\n");
            String head = raw.readHead();
            assertTrue(head.startsWith("HTTP/1.1 413"), "413 without a 100 first: " + head);
        }
        // the master's own answer is logged like any other
        drover.awaitLine("POST /too-big => generated 0 bytes in \\d+ msecs \\(HTTP/1.1 413\\)$");
        try (Raw raw = new Raw(drover.port())) {
            raw.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n");
            assertTrue(raw.readHead().startsWith("HTTP/1.1 100"), "100 Continue within the limit");
            raw.send("hello");
            String rest = raw.readToEnd();
            assertTrue(rest.startsWith("HTTP/1.1 200"), rest);
            assertTrue(rest.endsWith("\r\n\r\nhello"), rest);
        }
    }

    @Test
    void headersOverBufferSizeGet431() throws Exception {
        HttpResponse<String> response = Http.send(
                Http.request(drover.port(), "/big-header")
                        .header("X-Big", "x".repeat(20_000))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(431, response.statusCode());
    }

    @Test
    void theAppSeesTheRequestVariables() throws Exception {
        HttpResponse<String> response = Http.send(
                Http.request(drover.port(), "/vars?a=1&b=%20")
                        .header("X-Custom", "yes")
                        .header("X_Custom", "impostor")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String vars = response.body();
        assertTrue(vars.contains("REQUEST_METHOD=GET\n"), vars);
        assertTrue(vars.contains("REQUEST_URI=/vars?a=1&b=%20\n"), vars);
        assertTrue(vars.contains("PATH_INFO=/vars\n"), vars);
        assertTrue(vars.contains("QUERY_STRING=a=1&b=%20\n"), vars);
        assertTrue(vars.contains("SERVER_PROTOCOL=HTTP/1.1\n"), vars);
        assertTrue(vars.contains("REMOTE_ADDR=127.0.0.1\n"), vars);
        assertTrue(vars.contains("SERVER_PORT=" + drover.port() + "\n"), vars);
        assertTrue(
                vars.contains("HTTP_X_CUSTOM=yes\n"),
                "a header with an underscore never poses as its dashed twin: " + vars);
    }

    @Test
    void theAppSeesTheHeadersAsTheClientSentThem() throws Exception {
        try (Raw raw = new Raw(drover.port())) {
            raw.send("GET /headers HTTP/1.1\r\nHost: t\r\nX-Trace-ID: one\r\nx-trace-id: two\r\n"
                    + "X_Custom: kept here\r\nConnection: close\r\n\r\n");
            String all = raw.readToEnd();
            assertTrue(
                    all.endsWith("\r\n\r\nHost: t\nX-Trace-ID: one\nx-trace-id: two\nX_Custom: kept here\n"
                            + "Connection: close\n"),
                    "names in their own case, in order, repeats and all: " + all);
        }
    }

    @Test
    void eachRequestGetsAUwsgiStyleLogLine() throws Exception {
        drover.mark();
        Http.get(drover.port(), "/logged?x=1");
        drover.awaitLine(
                Pattern.compile("^\\[pid: \\d+\\|worker: 1\\|req: \\d+/\\d+\\] 127\\.0\\.0\\.1 .* GET "
                        + "/logged\\?x=1 => generated \\d+ bytes in \\d+ msecs \\(HTTP/1\\.1 200\\) on core \\d$"),
                Duration.ofSeconds(10));
    }

    /** A stream of {@code size} pseudo-random bytes that records what it produced. */
    private static final class PatternStream extends InputStream {

        private final long size;
        private final MessageDigest digest;
        private final Random random = new Random(7);
        private long produced;

        PatternStream(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced == size) {
                return -1;
            }
            int n = (int) Math.min(len, size - produced);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            digest.update(chunk);
            produced += n;
            return n;
        }
    }
}
