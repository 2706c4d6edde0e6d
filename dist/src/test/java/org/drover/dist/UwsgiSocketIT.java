package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The uwsgi {@code socket} listener spoken to directly, byte by byte, as nginx would. */
class UwsgiSocketIT {

    private static DroverProcess drover;

    @BeforeAll
    static void start() throws Exception {
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
                "--socket",
                "127.0.0.1:0",
                "--limit-post",
                "4k");
    }

    @AfterAll
    static void stop() {
        drover.close();
    }

    private static byte[] packet(int modifier1, Map<String, String> vars) {
        return UwsgiPeer.packet(modifier1, vars);
    }

    private static Map<String, String> vars(String method, String uri, long contentLength) {
        return UwsgiPeer.vars(method, uri, contentLength);
    }

    /** Sends the bytes and reads everything until the server closes the connection. */
    private static String exchange(byte[] request, byte[] body) throws Exception {
        return exchange(request, body, false);
    }

    private static String exchange(byte[] request, byte[] body, boolean halfClose) throws Exception {
        return UwsgiPeer.exchange(drover.uwsgiAddress(), request, body, halfClose);
    }

    @Test
    void aStreamedResponseEndsWithTheConnectionNotChunked() throws Exception {
        String response = exchange(packet(0, vars("GET", "/stream?n=3", 0)), new byte[0]);
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        assertFalse(response.toLowerCase().contains("transfer-encoding"), response);
        assertTrue(response.endsWith("\r\n\r\nchunk 0\nchunk 1\nchunk 2\n"), response);
    }

    @Test
    void aPeerThatHalfClosesAfterItsRequestStillGetsTheResponse() throws Exception {
        String slow = exchange(packet(0, vars("GET", "/faulty/sleep?ms=300", 0)), new byte[0], true);
        assertTrue(slow.startsWith("HTTP/1.1 200 OK\r\n"), slow);
        assertTrue(slow.contains("\r\n\r\nhi ") && slow.endsWith(" /faulty/sleep?ms=300\n"), slow);
        byte[] body = "twelve bytes".getBytes(StandardCharsets.US_ASCII);
        String posted = exchange(packet(0, vars("POST", "/echo", body.length)), body, true);
        assertTrue(posted.startsWith("HTTP/1.1 200 OK\r\n"), posted);
        assertTrue(posted.endsWith("\r\n\r\ntwelve bytes"), posted);
    }

    @Test
    void aResponseCutShortResetsTheConnection() throws Exception {
        java.io.IOException reset = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class, () -> exchange(packet(0, vars("GET", "/faulty/boom-late", 0)), new byte[0]));
        assertTrue(reset.getMessage().contains("reset"), "not a clean end of stream: " + reset);
    }

    @Test
    void theVarsOfThePeerReachTheApp() throws Exception {
        drover.mark();
        String response = exchange(packet(0, vars("GET", "/vars?x=%41", 0)), new byte[0]);
        assertTrue(response.contains("REMOTE_ADDR=198.51.100.7\n"), response);
        assertTrue(response.contains("HTTP_X_TRACE=t-1\n"), response);
        assertTrue(response.contains("PATH_INFO=/vars\n"), "PATH_INFO derived from REQUEST_URI: " + response);
        assertTrue(response.contains("wsgi.url_scheme=http\n"), response);
        drover.awaitLine("198\\.51\\.100\\.7 .* GET /vars\\?x=%41 => generated");
    }

    @Test
    void aBodyIsReadByItsContentLength() throws Exception {
        byte[] body = "x".repeat(3000).getBytes(StandardCharsets.US_ASCII);
        String response = exchange(packet(0, vars("POST", "/upload", body.length)), body);
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\n" + "x".repeat(3000)), response);
    }

    @Test
    void aBodyOverLimitPostGets413() throws Exception {
        drover.mark();
        byte[] body = new byte[10_000];
        String response = exchange(packet(0, vars("POST", "/upload", body.length)), body);
        assertTrue(response.startsWith("HTTP/1.1 413 Payload Too Large\r\n"), response);
        assertTrue(response.contains("request body of 10000 bytes is over limit-post 4096"), response);
        drover.awaitLine("198\\.51\\.100\\.7 .* POST /upload => generated 0 bytes in \\d+ msecs \\(HTTP/1.1 413\\)$");
    }

    @Test
    void badPacketsGet400WithTheReason() throws Exception {
        String modifier = exchange(packet(5, vars("GET", "/", 0)), new byte[0]);
        assertTrue(modifier.startsWith("HTTP/1.1 400 Bad Request\r\n"), modifier);
        assertTrue(modifier.contains("uwsgi modifier1 5 is not 0"), modifier);
        String noMethod = exchange(packet(0, Map.of("REQUEST_URI", "/")), new byte[0]);
        assertTrue(noMethod.contains("the uwsgi vars have no REQUEST_METHOD"), noMethod);
        byte[] truncated = {0, 10, 0, 0, 5, 0, 'A', 'B'};
        String garbage = exchange(truncated, new byte[] {'C', 0, 0, 0, 0, 0});
        assertTrue(garbage.startsWith("HTTP/1.1 400 Bad Request\r\n"), garbage);
    }
}
