package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmodified servlet webapps in the workers, through the built distribution: a plain servlet
 * WAR, a Jersey one, two webapp directories bundling different versions of one library, and an
 * SPI app, all in one app-dir and one worker JVM each of two. What the webapp sees of the
 * request, its responses (error pages, redirects, server-sent events, large bodies, uploads),
 * sessions that stick to their worker, harakiri on a stuck servlet, and the listings.
 */
class ServletIT {

    @TempDir
    static Path dir;

    private static DroverProcess drover;
    private static Path ctl;

    @BeforeAll
    static void serve() throws Exception {
        Path apps = Files.createDirectories(dir.resolve("apps"));
        Files.copy(Webapps.HELLO, apps.resolve("hello.war"));
        Files.copy(Webapps.JERSEY, apps.resolve("jersey.war"));
        Files.copy(DroverProcess.ECHO, apps.resolve("echo.jar"));
        Webapps.exploded(
                Webapps.HELLO,
                apps.resolve("alpha"),
                Webapps.library("guava-33.5.0-jre.jar"),
                Webapps.library("slf4j-api-1.7.36.jar"));
        Webapps.exploded(Webapps.HELLO, apps.resolve("beta"), Webapps.library("slf4j-api-2.0.17.jar"));
        ctl = dir.resolve("ctl.sock");
        drover = DroverProcess.serve(
                "--app-dir",
                apps.toString(),
                "-p",
                "2",
                "--threads",
                "4",
                "--harakiri",
                "4",
                "--trusted-proxies",
                "127.0.0.1",
                "--set",
                "hello.greeting=from drover",
                "--ctl-socket",
                ctl.toString(),
                "--log-format",
                "app=%(app) %(method) %(uri) %(status)");
    }

    @AfterAll
    static void stop() {
        if (drover != null) {
            drover.close();
        }
    }

    /** The value of a {@code key=value} line of a webapp's text answer; fails naming the body. */
    private static String line(String body, String key) {
        for (String line : body.split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        throw new AssertionError("no " + key + "= in\n" + body);
    }

    private static List<String> lines(String body, String key) {
        List<String> values = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith(key + "=")) {
                values.add(line.substring(key.length() + 1));
            }
        }
        return values;
    }

    /** curl, a real client that sends what it is told: a Host of our choosing, multipart forms. */
    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        command.addAll(List.of(args));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(curl.waitFor(40, TimeUnit.SECONDS), "curl did not finish");
            assertEquals(0, curl.exitValue(), out);
            return out;
        } finally {
            curl.destroyForcibly();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + drover.port() + path;
    }

    @Test
    void theWebappSeesItsMountClientHeadersAndTheOperatorsParameters() throws Exception {
        HttpResponse<String> response = Http.send(
                Http.request(drover.port(), "/hello/info/x?a=1&a=2")
                        .header("X-Multi", "one")
                        .header("X-Multi", "two")
                        .header("Cookie", "flavour=plain")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String info = response.body();
        assertEquals("/hello", line(info, "contextPath"));
        assertEquals("/info", line(info, "servletPath"));
        assertEquals("/x", line(info, "pathInfo"));
        assertEquals("/hello/info/x", line(info, "requestURI"));
        assertEquals("a=1&a=2", line(info, "queryString"));
        assertEquals("127.0.0.1", line(info, "remoteAddr"));
        assertEquals("127.0.0.1", line(info, "localAddr"));
        assertEquals("http", line(info, "scheme"));
        assertEquals("false", line(info, "isSecure"));
        assertEquals("127.0.0.1", line(info, "serverName"));
        assertEquals(Integer.toString(drover.port()), line(info, "serverPort"));
        assertEquals(List.of("one", "two"), lines(info, "header.X-Multi"), "each value, in order");
        assertEquals("flavour=plain", line(info, "header.Cookie"));
        assertEquals("from drover", line(info, "initParameter.greeting"), "--set hello.greeting over web.xml");
        assertEquals("yes", response.headers().firstValue("X-Filtered").orElse(""), "web.xml's filter ran");
    }

    @Test
    void behindATrustedProxyTheWebappSeesTheClientAndTheAddressItUsed() throws Exception {
        String info = curl(
                "-H",
                "Host: shop.example:8443",
                "-H",
                "X-Forwarded-Proto: https",
                "-H",
                "X-Forwarded-For: 203.0.113.9",
                url("/hello/info"));
        assertEquals("203.0.113.9", line(info, "remoteAddr"));
        assertEquals("https", line(info, "scheme"));
        assertEquals("true", line(info, "isSecure"));
        assertEquals("shop.example", line(info, "serverName"));
        assertEquals("8443", line(info, "serverPort"));

        String redirect = curl(
                "-o",
                "/dev/null",
                "-w",
                "%{http_code} %{redirect_url}",
                "-H",
                "Host: shop.example:8443",
                "-H",
                "X-Forwarded-Proto: https",
                url("/hello/redirect"));
        assertEquals("302 https://shop.example:8443/hello/hello", redirect, "sendRedirect points back");
    }

    @Test
    void jaxRsFindsItsResourcesThroughItsInitializerAndBuildsLocationsFromTheRequest() throws Exception {
        assertEquals("200 Hello from Jersey\n", answer("/jersey/api/hello"));
        HttpResponse<String> item = Http.get(drover.port(), "/jersey/api/items/42");
        assertEquals("{\"id\":42,\"name\":\"item-42\"}", item.body());
        assertEquals(
                "application/json", item.headers().firstValue("Content-Type").orElse(""));

        HttpResponse<String> created = Http.send(
                Http.request(drover.port(), "/jersey/api/items")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":5,\"name\":\"five\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(
                url("/jersey/api/items/5"),
                created.headers().firstValue("Location").orElse(""),
                "UriInfo sees the scheme, host, port and context path the client used");
        assertEquals("{\"id\":5,\"name\":\"five\",\"echoedBy\":\"jersey\"}", created.body());
    }

    private static String answer(String path) throws Exception {
        HttpResponse<String> response = Http.get(drover.port(), path);
        return response.statusCode() + " " + response.body();
    }

    @Test
    void bodiesOfAnySizeGoBothWaysAndMultipartFormsArrive() throws Exception {
        byte[] body = new byte[5 << 20];
        new Random(42).nextBytes(body);
        HttpResponse<byte[]> echoed = Http.post(drover.port(), "/hello/echo", body);
        assertEquals(200, echoed.statusCode());
        assertEquals(sha256(body), sha256(echoed.body()), "5 MiB through the servlet's getInputStream and back");

        HttpResponse<InputStream> big = Http.send(
                Http.request(drover.port(), "/hello/big?mb=32").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, big.statusCode());
        long bytes;
        try (InputStream in = big.body()) {
            bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertEquals(32L << 20, bytes, "a chunked body of 32 MiB, streamed");

        Path upload = Files.write(dir.resolve("upload.bin"), java.util.Arrays.copyOf(body, 1 << 20));
        String parts = curl("-F", "note=hello", "-F", "file=@" + upload, url("/hello/upload"));
        assertEquals(
                "note - 5 " + sha256("hello".getBytes(StandardCharsets.UTF_8)) + "\n" + "file upload.bin 1048576 "
                        + sha256(Files.readAllBytes(upload)) + "\n",
                parts);
    }

    @Test
    void headErrorPagesAndStaticFilesAreTheServletContainersOwn() throws Exception {
        String head = curl("-I", url("/hello/static.txt"));
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        assertTrue(Pattern.compile("(?i)content-length: \\d+").matcher(head).find(), head);

        HttpResponse<String> boom = Http.get(drover.port(), "/hello/boom");
        assertEquals(500, boom.statusCode());
        assertTrue(boom.body().startsWith("drover-webapp-hello error page"), boom.body());
        assertEquals("boom from servlet", line(boom.body(), "message"));

        HttpResponse<String> missing = Http.get(drover.port(), "/hello/no-such-page");
        assertEquals(404, missing.statusCode());
        assertEquals("404", line(missing.body(), "status"), "web.xml's error page for 404");
        assertEquals("200 Hello from a servlet\n", answer("/hello/hello"), "the worker lives on");
    }

    @Test
    void serverSentEventsArriveOneByOne() throws Exception {
        HttpResponse<InputStream> events = Http.send(
                Http.request(drover.port(), "/hello/events?n=5").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(
                "text/event-stream",
                events.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        List<Long> arrivals = new ArrayList<>();
        long start = System.nanoTime();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    arrivals.add((System.nanoTime() - start) / 1_000_000);
                }
            }
        }
        assertEquals(5, arrivals.size(), arrivals.toString());
        assertTrue(
                arrivals.get(4) - arrivals.get(0) >= 250,
                "5 events 100 ms apart arrive as sent, not all at the end: " + arrivals + " ms");
    }

    @Test
    void aSessionStaysInItsWorker() throws Exception {
        // Four sessions made at once spread over both workers; each then comes back to its own.
        List<Callable<String>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starts.add(() -> Http.send(
                            Http.request(drover.port(), "/hello/session?seconds=1")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .headers()
                    .firstValue("Set-Cookie")
                    .orElseThrow());
        }
        List<String> cookies = new ArrayList<>();
        for (String setCookie : Http.concurrently(starts)) {
            cookies.add(setCookie.split(";")[0]);
        }
        assertTrue(cookies.stream().allMatch(c -> c.matches("JSESSIONID=\\w+\\.w[12]")), cookies.toString());
        assertTrue(
                cookies.stream().anyMatch(c -> c.endsWith(".w1"))
                        && cookies.stream().anyMatch(c -> c.endsWith(".w2")),
                "sessions on both workers: " + cookies);
        for (int round = 2; round <= 4; round++) {
            for (String cookie : cookies) {
                String body = Http.send(
                                Http.request(drover.port(), "/hello/session")
                                        .header("Cookie", cookie)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                assertTrue(body.startsWith("count=" + round + " "), cookie + " on round " + round + ": " + body);
            }
        }
    }

    @Test
    void aStuckServletIsKilledByHarakiriWithItsStackAndItsNeighboursAreUnharmed() throws Exception {
        drover.mark();
        Load neighbours = new Load(drover.port(), "/hello/hello", 2);
        long start = System.nanoTime();
        HttpResponse<String> stuck;
        try {
            stuck = Http.get(drover.port(), "/hello/sleep?seconds=60");
            neighbours.awaitMore(20, Duration.ofSeconds(30));
        } finally {
            neighbours.close();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals(504, stuck.statusCode(), stuck.body());
        assertTrue(seconds < 4 + 2 + 4, "504 within harakiri + 2 s (and slack for a loaded machine): " + seconds);
        drover.awaitLine(
                Pattern.compile("drover: HARAKIRI on worker \\d \\(pid: \\d+\\) core \\d: GET /hello/sleep"),
                Duration.ofSeconds(10));
        drover.awaitLine(
                Pattern.compile("at org\\.drover\\.webapp\\.hello\\.SleepServlet\\.sleepInServlet\\("),
                Duration.ofSeconds(10));
        assertEquals(0, neighbours.failed(), "the other requests of the workers: " + neighbours);
        assertEquals("200 Hello from a servlet\n", answer("/hello/hello"));
    }

    @Test
    void twoWebappsBundlingDifferentVersionsOfALibraryEachSeeTheirOwnAndNothingOfTheWorkers() throws Exception {
        String classes = "/whereis?class=org.slf4j.LoggerFactory&class=com.google.common.base.Preconditions"
                + "&class=com.google.inject.Guice&class=org.eclipse.jetty.server.Server&class=org.drover.api.Application";
        String alpha = Http.get(drover.port(), "/alpha" + classes).body();
        String beta = Http.get(drover.port(), "/beta" + classes).body();
        assertEquals("slf4j-api-1.7.36.jar", line(alpha, "org.slf4j.LoggerFactory"), alpha);
        assertEquals("slf4j-api-2.0.17.jar", line(beta, "org.slf4j.LoggerFactory"), beta);
        assertEquals("guava-33.5.0-jre.jar", line(alpha, "com.google.common.base.Preconditions"));
        assertEquals("none", line(beta, "com.google.common.base.Preconditions"), "not the worker's Guava 31");
        for (String seen : List.of(alpha, beta)) {
            assertEquals("none", line(seen, "com.google.inject.Guice"), seen);
            assertEquals("none", line(seen, "org.eclipse.jetty.server.Server"), seen);
            assertEquals("none", line(seen, "org.drover.api.Application"), seen);
        }
    }

    @Test
    void servletAndSpiAppsShareTheWorkersAndTheListingsNameEachWebapp() throws Exception {
        assertEquals(200, Http.get(drover.port(), "/echo/vars").statusCode(), "the SPI app beside the webapps");
        drover.mark();
        assertEquals(200, Http.get(drover.port(), "/hello/hello").statusCode());
        drover.awaitLine("app=hello GET /hello/hello 200");

        try (DroverProcess listing = DroverProcess.start("ctl", ctl.toString(), "apps")) {
            assertEquals(0, listing.awaitExit(Duration.ofSeconds(30)), listing.output());
            String apps = listing.output();
            for (String app :
                    List.of("alpha +/alpha", "beta +/beta", "echo +/echo", "hello +/hello", "jersey +/jersey")) {
                assertTrue(Pattern.compile("(?m)^" + app + " ").matcher(apps).find(), app + " in\n" + apps);
            }
            assertTrue(
                    Pattern.compile("hello +/hello +0\\.1\\.0-SNAPSHOT +\\S+ +[0-9a-f]{64} +\\S+hello\\.war")
                            .matcher(apps)
                            .find(),
                    "the WAR's version from its Maven pom.properties, and its hash:\n" + apps);
        }
    }

    @Test
    void aWebSocketUpgradeIsRefusedWithAReason() throws Exception {
        String answer = curl(
                "-i",
                "-H",
                "Connection: Upgrade",
                "-H",
                "Upgrade: websocket",
                "-H",
                "Sec-WebSocket-Version: 13",
                "-H",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                url("/hello/chat"));
        assertTrue(answer.startsWith("HTTP/1.1 501"), answer);
        assertTrue(answer.contains("WebSocket is not supported yet"), answer);
        assertFalse(answer.contains("101"), answer);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
