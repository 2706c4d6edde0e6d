package org.drover.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.drover.api.Config;
import org.drover.api.WorkerInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The container driven through the SPI as a worker drives it: calls and writers on slot threads. */
class ContainerTest {

    static final int SLOTS = 8;
    static Container container;
    static final TestSlot[] slots = new TestSlot[SLOTS];

    @BeforeAll
    static void start() {
        container = new Container(
                List.of(
                        Map.of(
                                "name",
                                "app",
                                "context",
                                "/app",
                                "dir",
                                TestWebapps.dir("hello").toString()),
                        Map.of(
                                "name",
                                "alpha",
                                "context",
                                "/alpha",
                                "dir",
                                TestWebapps.dir("alpha").toString()),
                        Map.of(
                                "name",
                                "beta",
                                "context",
                                "/beta",
                                "dir",
                                TestWebapps.dir("beta").toString())),
                new Config(Map.of(
                        "app.greeting", "hi from --set",
                        "app.overridden", "the operator's",
                        "app.spring.datasource.url", "jdbc:h2:mem:x",
                        "alpha.greeting", "alpha's own",
                        "hello.sleep", "not a webapp's")),
                new WorkerInfo(3, ProcessHandle.current().pid(), SLOTS));
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new TestSlot(i);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestSlot slot : slots) {
            slot.close();
        }
        container.close();
    }

    static TestResponse call(int slot, TestRequest request) throws InterruptedException {
        return slots[slot].call(container, request);
    }

    @Test
    void getWithQueryParameters() throws Exception {
        TestResponse r = call(0, TestRequest.get("/app/info/extra?a=1&b=x%20y&a=2"));
        assertNull(r.failure());
        assertEquals(200, r.status());
        assertEquals("{a=1|2, b=x y}", r.line("params"));
        assertEquals("a=1&b=x%20y&a=2", r.line("query"));
        assertEquals("/app/info/extra", r.line("uri"));
        assertEquals("/app", r.line("context"));
        assertEquals("/info", r.line("servletPath"));
        assertEquals("/extra", r.line("pathInfo"));
        assertEquals("HTTP/1.1", r.line("protocol"));
        assertEquals("drover-request-0", r.line("thread"));
        assertEquals("yes", r.line("filtered"));
        assertEquals("yes", r.header("X-Filtered"));
        assertEquals("text/plain;charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void urlsAndRedirectsPointBackToTheAddressTheClientUsed() throws Exception {
        TestRequest behindTls = TestRequest.get("/app/info")
                .scheme("https")
                .host("shop.example.com:8443")
                .server("shop.example.com", 8080);
        TestResponse info = call(1, behindTls);
        assertEquals("https://shop.example.com:8443/app/info", info.line("url"));
        assertEquals("https", info.line("scheme"));
        assertEquals("true", info.line("secure"));
        assertEquals("shop.example.com", info.line("serverName"));
        assertEquals("8443", info.line("serverPort"));

        TestResponse redirect = call(
                1,
                TestRequest.get("/app/shop/redirect")
                        .scheme("https")
                        .host("shop.example.com:8443")
                        .server("shop.example.com", 8080));
        assertEquals(302, redirect.status());
        assertEquals("https://shop.example.com:8443/app/shop/target?x=1", redirect.header("Location"));

        // no port in Host: the scheme's, not the master's listener's
        TestResponse noPort = call(
                1,
                TestRequest.get("/app/shop/redirect")
                        .scheme("https")
                        .host("shop.example.com")
                        .server("shop.example.com", 8080));
        assertEquals("https://shop.example.com/app/shop/target?x=1", noPort.header("Location"));

        // no Host at all (HTTP/1.0): SERVER_NAME and SERVER_PORT
        TestResponse noHost = call(
                1,
                TestRequest.get("/app/info").host(null).server("10.0.0.5", 8081).protocol("HTTP/1.0"));
        assertEquals("http://10.0.0.5:8081/app/info", noHost.line("url"));
        assertEquals("HTTP/1.0", noHost.line("protocol"));
    }

    @Test
    void remoteAndLocalAddressesAreTheClientsAndTheServers() throws Exception {
        TestResponse v4 =
                call(2, TestRequest.get("/app/info").remote("10.1.2.3", 41234).server("10.9.9.9", 8080));
        assertEquals("10.1.2.3:41234", v4.line("remote"));
        assertEquals("10.1.2.3", v4.line("remoteHost"));
        assertEquals("10.9.9.9:8080", v4.line("local"));
        TestResponse v6 = call(2, TestRequest.get("/app/info").remote("2001:db8::7", 5555));
        assertEquals("[2001:db8:0:0:0:0:0:7]:5555", v6.line("remote")); // as Jetty shows a socket's
    }

    @Test
    void headersKeepTheirNamesAndEveryValueAndCookiesArrive() throws Exception {
        TestResponse r = call(
                3,
                TestRequest.get("/app/headers")
                        .header("Accept", "text/html")
                        .header("Accept", "application/json")
                        .header("X-lower-Case", "v")
                        .header("Cookie", "a=1; b=2")
                        .header("Cookie", "c=3"));
        assertTrue(r.text().contains("Accept: [text/html, application/json]\n"), r.text());
        assertTrue(r.text().contains("X-lower-Case: [v]\n"), r.text());
        assertEquals("[a=1, b=2, c=3]", r.line("cookies"));
        assertEquals(List.of("one", "two"), r.headers("X-Multi"));
        assertEquals("flavour=oat; Path=/app", r.header("Set-Cookie"));
    }

    @Test
    void aMegabytePostArrivingInChunksIsReadWhileItComes() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(42).nextBytes(data);
        TestRequest post = TestRequest.of("POST", "/app/echo")
                .body("application/octet-stream", TestBody.trickled(data, 64 * 1024, 5));
        TestResponse r = call(4, post);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals(data.length + " " + sha + " drover-request-4", r.text());
        assertTrue(post.body().readBeforeEnd() > 0, "the servlet reads while the body arrives");
    }

    @Test
    void getReaderDecodesUtf8SplitAcrossChunks() throws Exception {
        byte[] body = "héllo wörld\nsecond line\nthird\n".getBytes(StandardCharsets.UTF_8);
        TestBody split = TestBody.trickled(body, 2, 10); // 'é' is bytes 1-2: split between chunks 0-1 and 2-3
        TestResponse r = call(5, TestRequest.of("POST", "/app/reader").body("text/plain; charset=UTF-8", split));
        assertEquals("lines=3 chars=27 first=héllo wörld enc=UTF-8", r.text());
    }

    @Test
    void formPostGivesParameters() throws Exception {
        byte[] form = "name=J%C3%BCrgen&colour=red&colour=blue".getBytes(StandardCharsets.US_ASCII);
        TestResponse r = call(
                6,
                TestRequest.of("POST", "/app/form?q=1")
                        .body("application/x-www-form-urlencoded; charset=UTF-8", TestBody.trickled(form, 7, 2)));
        assertEquals("name=Jürgen colours=red,blue q=1", r.text());
        TestResponse info = call(
                6,
                TestRequest.of("POST", "/app/info")
                        .body(
                                "application/x-www-form-urlencoded",
                                TestBody.of("a=1&b=2".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("{a=1, b=2}", info.line("params"));
        assertEquals("7", info.line("contentLength"));
        TestResponse chunked = call(
                6,
                TestRequest.of("POST", "/app/info")
                        .body(
                                "application/x-www-form-urlencoded",
                                TestBody.of("a=1&b=2".getBytes(StandardCharsets.US_ASCII)))
                        .chunked());
        assertEquals("{a=1, b=2}", chunked.line("params"));
        // The headers are the client's: a chunked body has no length, as in any container.
        assertEquals("-1", chunked.line("contentLength"));
    }

    @Test
    void multipartUploadWithMultipartConfig() throws Exception {
        byte[] file = new byte[100_000];
        new Random(7).nextBytes(file);
        String boundary = "----drover-boundary-42";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nnice cat\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"cat.jpg\"\r\n"
                                + "Content-Type: image/jpeg\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        TestResponse r = call(
                7,
                TestRequest.of("POST", "/app/upload")
                        .body(
                                "multipart/form-data; boundary=" + boundary,
                                TestBody.trickled(body.toByteArray(), 16 * 1024, 2)));
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        assertEquals(200, r.status(), r.text());
        assertTrue(r.text().contains("photo cat.jpg 100000 " + sha + "\n"), r.text());
        assertEquals("nice cat", r.line("field"));
    }

    @Test
    void aBodyTheServletDoesNotReadIsDroppedAndTheSlotServesOn() throws Exception {
        int dropped = container.droppedConnections();
        TestBody body = TestBody.trickled(new byte[1 << 20], 64 * 1024, 2);
        TestResponse r = call(0, TestRequest.of("POST", "/app/ignore").body("application/octet-stream", body));
        assertNull(r.failure());
        assertEquals(200, r.status());
        assertEquals("ignored", r.text());
        assertEquals(dropped, container.droppedConnections(), "the exchange ended well: its connection is reused");
        assertEquals("hello", call(0, TestRequest.get("/app/hello")).text());
    }

    @Test
    void expectContinueIsNotSentOn() throws Exception {
        TestResponse r = call(
                1,
                TestRequest.of("POST", "/app/echo")
                        .header("Expect", "100-continue")
                        .body(
                                "application/octet-stream",
                                TestBody.trickled("abc".getBytes(StandardCharsets.US_ASCII), 1, 20)));
        assertEquals("200 OK", r.statusLine());
        assertTrue(r.text().startsWith("3 "), r.text());
    }

    @Test
    void aBodyThatFailsMidwayEndsTheExchangeAndTheSlotServesOn() throws Exception {
        byte[] data = new byte[1 << 20];
        TestBody body = TestBody.trickled(data, 16 * 1024, 20);
        TestResponse r =
                slots[2].start(container, TestRequest.of("POST", "/app/echo").body("application/octet-stream", body));
        Thread.sleep(100);
        body.cancel(); // the client went away
        r.await();
        // Nothing was sent yet: Jetty's error page is the whole response (the worker ends it failed,
        // as its client is gone).
        assertEquals(500, r.status());
        assertNull(r.failure());
        assertEquals("hello", call(2, TestRequest.get("/app/hello")).text());
    }

    @Test
    void aResponseThatFailsAfterItStartedMakesTheWriterThrow() throws Exception {
        TestResponse r = call(3, TestRequest.get("/app/throw-late"));
        assertEquals(200, r.status());
        assertEquals("partial", r.text());
        assertInstanceOf(java.io.IOException.class, r.failure(), "the worker then aborts the client's connection");
        assertEquals("hello", call(3, TestRequest.get("/app/hello")).text());
    }

    @Test
    void sendErrorAndNotFoundGoToTheWebXmlErrorPage() throws Exception {
        TestResponse missing = call(0, TestRequest.get("/app/missing"));
        assertEquals(404, missing.status());
        assertEquals("custom error page: 404 no such thing for /app/missing", missing.text());
        TestResponse nothing = call(0, TestRequest.get("/app/nothing-here"));
        assertEquals(404, nothing.status());
        assertEquals("custom error page: 404 Not Found for /app/nothing-here", nothing.text());
    }

    @Test
    void aPathOutsideEveryContextIsNotFound() throws Exception {
        TestResponse r = call(1, TestRequest.get("/elsewhere/x"));
        assertNull(r.failure());
        assertEquals(404, r.status());
        assertFalse(r.text().contains("\tat "), r.text());
    }

    @Test
    void staticFilesAreServedByTheDefaultServlet() throws Exception {
        TestResponse r = call(1, TestRequest.get("/app/index.html"));
        assertEquals(200, r.status());
        assertEquals("<p>static index</p>\n", r.text());
        assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void aJspIsAClearErrorAndNeverItsSource() throws Exception {
        TestResponse r = call(1, TestRequest.get("/app/page.jsp"));
        assertEquals(500, r.status());
        assertTrue(r.text().contains("JSP support not configured"), r.text());
        assertFalse(r.text().contains("secret"), "the JSP's source was served: " + r.text());
    }

    @Test
    void flushBufferSendsEachEventAtOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        System.getProperties().put("test.sse.latch", go);
        TestResponse r = slots[2].start(container, TestRequest.get("/app/sse"));
        try {
            assertTrue(r.firstWrite.await(10, TimeUnit.SECONDS), "the first event is sent while the servlet runs");
            assertEquals(1, r.done.getCount());
            assertEquals(200, r.status());
            assertEquals("text/event-stream;charset=iso-8859-1", r.header("Content-Type"));
            assertNull(r.header("Content-Length"));
            assertEquals("data: first\n\n", r.text());
        } finally {
            go.countDown();
        }
        r.await();
        assertEquals(List.of("data: first\n\n", "data: second\n\n", "data: third\n\n"), r.chunks);
    }

    @Test
    void startAsyncCompletedOnThePoolIsWrittenByTheSlotThread() throws Exception {
        TestResponse r = call(3, TestRequest.get("/app/async"));
        assertNull(r.failure());
        assertEquals(200, r.status());
        assertEquals("started on drover-request-3; completed on drover-servlet-N", r.text());
        assertEquals(2, r.chunks.size(), "flushBuffer on the pool thread sent the first part at once: " + r.chunks);
        // TestResponse refuses (and records) writes from any thread but the slot's
    }

    @Test
    void readListenerCallbacksRunOnThePool() throws Exception {
        byte[] data = new byte[256 * 1024];
        TestBody body = TestBody.trickled(data, 16 * 1024, 5);
        TestResponse r = call(4, TestRequest.of("POST", "/app/readlistener").body("application/octet-stream", body));
        assertEquals(200, r.status());
        // Jetty runs the first onDataAvailable on the thread that ran the servlet, once it returned;
        // the later ones run on the pool: never on the thread that feeds the body (the worker's reader).
        assertTrue(r.text().startsWith(data.length + " "), r.text());
        assertTrue(r.text().contains("drover-servlet-N"), r.text());
        assertFalse(r.text().contains("test-master"), r.text());
    }

    @Test
    void bodyBytesThatArriveBetweenAReadAndADemandAreNotMissed() throws Exception {
        byte[] data = new byte[200_000];
        new Random(3).nextBytes(data);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        TestResponse blocking = call(
                4,
                TestRequest.of("POST", "/app/echo")
                        .body("application/octet-stream", TestBody.arrivingJustAfterALook(data, 10_000)));
        assertEquals(data.length + " " + sha + " drover-request-4", blocking.text());
        TestResponse listening = call(
                4,
                TestRequest.of("POST", "/app/readlistener")
                        .body("application/octet-stream", TestBody.arrivingJustAfterALook(data, 10_000)));
        assertTrue(listening.text().startsWith(data.length + " "), listening.text());
    }

    @Test
    void writeListenerWritesThroughTheSlotThread() throws Exception {
        TestResponse r = call(5, TestRequest.get("/app/writelistener?kb=200"));
        assertNull(r.failure());
        assertEquals(200 * 1024, r.length());
        assertTrue(r.text().chars().allMatch(c -> c == 'w'));
    }

    @Test
    void headSendsTheHeadersAndNoBody() throws Exception {
        TestResponse hello = call(6, TestRequest.of("HEAD", "/app/hello"));
        assertEquals(200, hello.status());
        assertEquals("5", hello.header("Content-Length"));
        assertEquals(0, hello.length());
        assertTrue(hello.chunks.isEmpty());
        TestResponse big = call(6, TestRequest.of("HEAD", "/app/big"));
        assertEquals(200, big.status());
        assertEquals(0, big.length());
    }

    @Test
    void aKnownLengthIsSentAsContentLength() throws Exception {
        TestResponse hello = call(6, TestRequest.get("/app/hello"));
        assertEquals("hello", hello.text());
        assertEquals("5", hello.header("Content-Length"));
        TestResponse info = call(6, TestRequest.get("/app/initparam?name=greeting"));
        assertEquals("hi from --set", info.text());
        assertEquals("13", info.header("Content-Length"), "a response that fits the buffer gets its length");
        TestResponse big = call(6, TestRequest.get("/app/big"));
        assertEquals(1 << 20, big.length());
        assertNull(big.header("Content-Length"));
        assertTrue(big.chunks.size() >= 16, "streamed in buffer-sized writes: " + big.chunks.size());
    }

    @Test
    void aServletThatThrowsGives500WithoutItsStack() throws Exception {
        TestResponse r = call(7, TestRequest.get("/app/throw"));
        assertNull(r.failure());
        assertEquals(500, r.status());
        assertFalse(r.text().contains("ThrowServlet"), r.text());
        assertFalse(r.text().contains("\tat "), r.text());
        assertEquals("hello", call(7, TestRequest.get("/app/hello")).text());
    }

    @Test
    void initParametersComeFromTheWebappsSetValues() throws Exception {
        assertEquals(
                "hi from --set",
                call(0, TestRequest.get("/app/initparam?name=greeting")).text());
        assertEquals(
                "jdbc:h2:mem:x",
                call(0, TestRequest.get("/app/initparam?name=spring.datasource.url"))
                        .text());
        assertEquals(
                "web.xml",
                call(0, TestRequest.get("/app/initparam?name=from-web-xml")).text());
        assertEquals(
                "the operator's",
                call(0, TestRequest.get("/app/initparam?name=overridden")).text(),
                "a value the operator sets wins over the webapp's web.xml, as a flag over a default");
        assertEquals(
                "null", call(0, TestRequest.get("/app/initparam?name=sleep")).text());
    }

    @Test
    void servletContainerInitializerGetsItsHandlesTypes() throws Exception {
        TestResponse r = call(1, TestRequest.get("/app/annotated"));
        assertEquals(200, r.status());
        assertEquals("annotated plugins=BarPlugin,FooPlugin", r.text());
        assertEquals("started", call(1, TestRequest.get("/app/startup")).text());
        assertEquals("yes", System.getProperty("test.postconstruct"));
    }

    @Test
    void twoWebappsEachSeeTheirOwnVersionOfALibraryClass() throws Exception {
        TestResponse alpha = call(2, TestRequest.get("/alpha/classes?class=shared.Version"));
        TestResponse beta = call(3, TestRequest.get("/beta/classes?class=shared.Version"));
        assertEquals("alpha-1", alpha.line("version"));
        assertEquals("alpha-lib.jar", alpha.line("shared.Version"));
        assertEquals("beta-2", beta.line("version"));
        assertEquals("beta-lib.jar", beta.line("shared.Version"));
    }

    @Test
    void aWebappSeesItsOwnGuavaAndSlf4jAndNoJetty() throws Exception {
        // The test class path has Guava 31 (Guice's) and slf4j 2 (Jetty's): alpha bundles 33 and 1.7.
        TestResponse r = call(
                4,
                TestRequest.get(
                        "/alpha/classes?class=com.google.common.base.Preconditions"
                                + "&class=org.slf4j.LoggerFactory&class=org.eclipse.jetty.server.Server"
                                + "&class=org.drover.servlet.Container&class=com.google.inject.Guice&class=jakarta.servlet.Servlet"));
        assertEquals("guava-33.5.0-jre.jar", r.line("com.google.common.base.Preconditions"));
        assertEquals("slf4j-api-1.7.36.jar", r.line("org.slf4j.LoggerFactory"));
        assertEquals("none", r.line("org.eclipse.jetty.server.Server"));
        assertEquals("none", r.line("org.drover.servlet.Container"));
        assertEquals("none", r.line("com.google.inject.Guice"));
        assertEquals("jakarta.servlet-api-6.1.0.jar", r.line("jakarta.servlet.Servlet"));
        assertTrue(r.line("loaders").startsWith("WebAppClassLoader > "), r.line("loaders"));
    }

    @Test
    void sessionIdsNameTheWorker() throws Exception {
        TestResponse first = call(5, TestRequest.get("/app/session"));
        String cookie = first.header("Set-Cookie");
        assertTrue(cookie.matches("JSESSIONID=[^;]+\\.w3; Path=/app.*"), cookie);
        String[] idAndCount = first.text().split(" ");
        assertEquals("1", idAndCount[1]);
        String jsessionid = cookie.substring(0, cookie.indexOf(';'));
        TestResponse second = call(6, TestRequest.get("/app/session").header("Cookie", jsessionid));
        assertEquals(idAndCount[0] + " 2", second.text());
    }

    @Test
    void webSocketUpgradesAreRefused() throws Exception {
        TestResponse r = call(
                7,
                TestRequest.get("/app/chat")
                        .header("Connection", "Upgrade")
                        .header("Upgrade", "websocket")
                        .header("Sec-WebSocket-Version", "13"));
        assertEquals(501, r.status());
        assertEquals("WebSocket is not supported by this server yet\n", r.text());
    }

    @Test
    void aServletInThreadSleepIsInterruptedOnItsSlotThread() throws Exception {
        System.clearProperty("test.sleep.interrupted");
        TestSlot slot = slots[0];
        TestResponse r = slot.start(container, TestRequest.get("/app/sleep?ms=30000"));
        StackTraceElement[] stack = awaitFrame(slot.thread(), "app.SleepServlet", "doGet");
        long t0 = System.nanoTime();
        slot.thread().interrupt(); // harakiri
        r.await();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        assertEquals("drover-request-0", System.getProperty("test.sleep.interrupted"));
        assertTrue(Arrays.stream(stack).anyMatch(e -> e.getClassName().equals("org.drover.servlet.Exchange")));
        assertEquals("hello", call(0, TestRequest.get("/app/hello")).text(), "the slot serves on");
    }

    @Test
    void anAsyncExchangeWhoseSlotThreadIsInterruptedIsAbandoned() throws Exception {
        System.clearProperty("test.forever.error");
        TestSlot slot = slots[1];
        TestResponse r = slot.start(container, TestRequest.get("/app/forever"));
        awaitFrame(slot.thread(), "org.drover.servlet.Exchange", "nextHandoff");
        slot.thread().interrupt(); // harakiri
        r.await();
        assertInstanceOf(InterruptedIOException.class, r.failure());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.getProperty("test.forever.error") == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(
                String.valueOf(System.getProperty("test.forever.error")).contains("interrupted"),
                "the servlet's AsyncListener.onError ran: " + System.getProperty("test.forever.error"));
        assertEquals("hello", call(1, TestRequest.get("/app/hello")).text(), "the slot serves on");
    }

    @Test
    void eightSlotsServeConcurrently() throws Exception {
        long t0 = System.nanoTime();
        List<TestResponse> sleeping = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            sleeping.add(slots[i].start(container, TestRequest.get("/app/sleep?ms=300")));
        }
        for (int i = 0; i < SLOTS; i++) {
            assertEquals("drover-request-" + i, sleeping.get(i).await().text());
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 1500, "8 requests of 300 ms took " + ms + " ms");
        List<TestResponse> mixed = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            mixed.clear();
            for (int i = 0; i < SLOTS; i++) {
                String uri = switch ((round + i) % 4) {
                    case 0 -> "/app/hello";
                    case 1 -> "/app/async";
                    case 2 -> "/alpha/classes?class=shared.Version";
                    default -> "/app/info?round=" + round;
                };
                mixed.add(slots[i].start(container, TestRequest.get(uri)));
            }
            for (TestResponse response : mixed) {
                response.await();
                assertEquals(200, response.status(), response.text());
                assertNull(response.failure());
            }
        }
    }

    /** Waits until the thread's stack has the method in it, as harakiri's dump would show it. */
    static StackTraceElement[] awaitFrame(Thread thread, String className, String method) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            StackTraceElement[] stack = thread.getStackTrace();
            for (StackTraceElement e : stack) {
                if (e.getClassName().equals(className) && e.getMethodName().equals(method)) {
                    return stack;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError(className + "." + method + " never on the stack of " + thread.getName() + ": "
                + Arrays.toString(thread.getStackTrace()));
    }
}
