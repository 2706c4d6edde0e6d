package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's nginx in front, with {@code uwsgi_pass} to Drover's uwsgi {@code socket}: over TCP
 * (next to an HTTP listener) and over a UNIX path (the only listener).
 */
class NginxIT {

    @TempDir
    static Path dir;

    private static DroverProcess tcp;
    private static DroverProcess unix;
    private static Nginx nginx;

    @BeforeAll
    static void start() throws Exception {
        Nginx.binary(); // skips (or fails, in CI) before starting anything
        String[] apps = {
            "--app",
            DroverProcess.FAULTY.toString(),
            "--app",
            DroverProcess.ECHO.toString(),
            "--mount",
            "/echo=EchoApp",
            "--mount",
            "/=FaultyApp",
            "--set",
            "faulty.greeting=hi",
            "--threads",
            "2"
        };
        tcp = DroverProcess.serve(concat(apps, "--socket", "127.0.0.1:0"));
        Path socket = dir.resolve("drover.sock");
        unix = DroverProcess.start(concat(apps, "--socket", socket.toString(), "--chmod-socket", "666"));
        unix.awaitReady();
        assertEquals("uwsgi://" + socket, "uwsgi://" + unix.uwsgiAddress());
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        nginx = Nginx.start(dir, Map.of("tcp", tcp.uwsgiAddress(), "unix", "unix:" + socket));
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @AfterAll
    static void stop() throws Exception {
        try (DroverProcess a = tcp;
                DroverProcess b = unix) {
            if (nginx != null) {
                nginx.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void getWithAQueryString(String upstream) throws Exception {
        HttpResponse<String> response = Http.get(nginx.port(upstream), "/some/path?a=1&b=two%20words");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().startsWith("hi "), response.body());
        assertTrue(response.body().endsWith(" /some/path?a=1&b=two%20words\n"), response.body());
        String vars = Http.get(nginx.port(upstream), "/echo/vars?x=1").body();
        assertTrue(vars.contains("QUERY_STRING=x=1\n"), vars);
        assertTrue(vars.contains("SCRIPT_NAME=/echo\n"), vars);
        assertTrue(vars.contains("PATH_INFO=/vars\n"), vars);
        assertTrue(vars.contains("REMOTE_ADDR=127.0.0.1\n"), vars);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void postOfFiveMegabytes(String upstream) throws Exception {
        byte[] body = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(body);
        HttpResponse<byte[]> response = Http.post(nginx.port(upstream), "/echo/upload", body);
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void customRequestHeadersReachTheApp(String upstream) throws Exception {
        HttpResponse<String> response = Http.send(
                Http.request(nginx.port(upstream), "/header?name=X-Custom")
                        .header("X-Custom", "drover test")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("drover test", response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void responseHeadersAndA404PassThrough(String upstream) throws Exception {
        HttpResponse<String> missing = Http.get(nginx.port(upstream), "/status?code=404");
        assertEquals(404, missing.statusCode());
        assertEquals("status 404\n", missing.body());
        assertEquals(java.util.List.of("faulty", "twice"), missing.headers().allValues("X-App"));
        HttpResponse<String> created = Http.get(nginx.port(upstream), "/status?code=201");
        assertEquals(201, created.statusCode());
        assertEquals(java.util.List.of("faulty", "twice"), created.headers().allValues("X-App"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void aTwentyMegabyteResponseArrivesIntact(String upstream) throws Exception {
        int n = 20 * 1024 * 1024;
        HttpResponse<byte[]> response = Http.send(
                Http.request(nginx.port(upstream), "/bytes?n=" + n).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(n), response.headers().firstValue("X-Bytes").orElse(""));
        byte[] body = response.body();
        assertEquals(n, body.length);
        for (int i = 0; i < n; i++) {
            if (body[i] != (byte) (i % 251)) {
                throw new AssertionError("byte " + i + " is " + body[i] + ", not " + (byte) (i % 251));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void headRequestsAndEmptyBodies(String upstream) throws Exception {
        HttpResponse<String> head = Http.send(
                Http.request(nginx.port(upstream), "/anything")
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        HttpResponse<String> get = Http.get(nginx.port(upstream), "/anything");
        assertEquals(
                get.headers().firstValue("Content-Length"),
                head.headers().firstValue("Content-Length"),
                "HEAD has the GET's length and no body");
    }
}
