package org.drover.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.drover.api.Config;
import org.drover.api.WorkerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting the webapps (and failing to), and stopping them. */
class StartAndStopTest {

    static final WorkerInfo WORKER = new WorkerInfo(1, ProcessHandle.current().pid(), 2);

    static Map<String, String> webapp(String name, String context, String dir) {
        return Map.of(
                "name", name, "context", context, "dir", TestWebapps.dir(dir).toString());
    }

    @Test
    void aWebappThatFailsToStartIsOneLineNamingItAndTheCauseAndWhatStartedIsStopped() {
        System.clearProperty("test.destroyed/ok");
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new Container(
                        List.of(webapp("ok", "/ok", "hello"), webapp("billing", "/billing", "broken")),
                        new Config(Map.of()),
                        WORKER));
        assertEquals(
                "webapp billing at /billing did not start: java.lang.IllegalStateException: no database URL",
                e.getMessage());
        assertNull(e.getCause(), "the worker reports the root cause: this exception must be it");
        assertEquals(1, e.getSuppressed().length, "the original is kept, suppressed");
        assertEquals("yes", System.getProperty("test.broken.started"));
        assertEquals("yes", System.getProperty("test.destroyed/ok"), "the webapp that had started was stopped");
        assertNoContainerThreads();
    }

    @Test
    void aWebappThatNeedsWebSocketFailsSayingSo() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new Container(List.of(webapp("chat", "", "websocket")), new Config(Map.of()), WORKER));
        assertEquals(
                "webapp chat at / did not start: java.lang.IllegalStateException: Failed to get"
                        + " jakarta.websocket.server.ServerContainer via ServletContext attribute"
                        + " (Drover's servlet container has no WebSocket support yet)",
                e.getMessage());
        assertNoContainerThreads();
    }

    @Test
    void badWebappMapsAreRefusedWithTheFix() {
        String hello = TestWebapps.dir("hello").toString();
        assertEquals(
                "webapp shop needs a \"context\" of \"\" (the root) or /path without a trailing slash, got '/shop/'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new Container(
                                        List.of(Map.of("name", "shop", "context", "/shop/", "dir", hello)),
                                        new Config(Map.of()),
                                        WORKER))
                        .getMessage());
        assertEquals(
                "webapp shop needs a \"dir\" that is a webapp directory (with WEB-INF/), got '/nonexistent'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new Container(
                                        List.of(Map.of("name", "shop", "context", "/shop", "dir", "/nonexistent")),
                                        new Config(Map.of()),
                                        WORKER))
                        .getMessage());
        assertEquals(
                "webapps a and b both have the context path '/x'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new Container(
                                        List.of(
                                                Map.of("name", "a", "context", "/x", "dir", hello),
                                                Map.of("name", "b", "context", "/x", "dir", hello)),
                                        new Config(Map.of()),
                                        WORKER))
                        .getMessage());
    }

    @Test
    void closeWaitsForTheRunningRequestThenDestroysTheContexts() throws Exception {
        System.clearProperty("test.destroyed/life");
        System.clearProperty("test.predestroy/life");
        Container container = new Container(List.of(webapp("life", "/life", "hello")), new Config(Map.of()), WORKER);
        assertEquals("yes", System.getProperty("test.initialized/life"), "ready means the listeners have run");
        try (TestSlot slot = new TestSlot(0)) {
            TestResponse running = slot.start(container, TestRequest.get("/life/sleep?ms=500"));
            ContainerTest.awaitFrame(slot.thread(), "app.SleepServlet", "doGet");
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                try {
                    container.close();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            running.await();
            assertEquals("drover-request-0", running.text(), "the running request ended well");
            closing.get(10, TimeUnit.SECONDS);
        }
        assertEquals("yes", System.getProperty("test.destroyed/life"), "contextDestroyed ran");
        assertEquals("yes", System.getProperty("test.predestroy/life"), "@PreDestroy ran");
        assertNoContainerThreads();
    }

    @Test
    void theTempDirectoryIsTheOneTheWorkerChoseAndGoesAtTheStop(@TempDir Path runtime) throws Exception {
        Path tmp = runtime.resolve("webapp-tmp-1").resolve("scratch");
        Map<String, String> webapp = new java.util.HashMap<>(webapp("scratch", "/scratch", "hello"));
        webapp.put("tmp", tmp.toString());
        Container container = new Container(List.of(webapp), new Config(Map.of()), WORKER);
        try {
            assertTrue(Files.isDirectory(tmp), "Jetty made the temp directory it was given");
        } finally {
            container.close();
        }
        assertFalse(Files.exists(tmp), "the stop deleted it");
    }

    @Test
    void aRelativeTempDirectoryIsRefused() {
        Map<String, String> webapp = new java.util.HashMap<>(webapp("scratch", "/scratch", "hello"));
        webapp.put("tmp", "relative/scratch");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new Container(List.of(webapp), new Config(Map.of()), WORKER));
        assertEquals("webapp scratch needs an absolute \"tmp\", got 'relative/scratch'", e.getMessage());
    }

    @Test
    void aRootWebappHasTheEmptyContextPath() throws Exception {
        Container container = new Container(List.of(webapp("ROOT", "", "hello")), new Config(Map.of()), WORKER);
        try (TestSlot slot = new TestSlot(0)) {
            TestResponse r = slot.call(container, TestRequest.get("/info/x"));
            assertEquals("", r.line("context"));
            assertEquals("/info", r.line("servletPath"));
            assertEquals("http://localhost:8080/info/x", r.line("url"));
        } finally {
            container.close();
        }
    }

    static void assertNoContainerThreads() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(n -> n.startsWith("drover-servlet") || n.startsWith("drover-jetty"))
                    .toList();
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertTrue(left.isEmpty(), "threads left: " + left);
    }
}
