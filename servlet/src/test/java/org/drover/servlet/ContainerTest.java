package org.drover.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
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
}
