package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One worker with one thread and a queue of one: backpressure, and a slot that must come back clean. */
class SingleSlotIT {

    private static DroverProcess drover;

    @BeforeAll
    static void start() throws IOException {
        drover = DroverProcess.serve(
                "--app", DroverProcess.FAULTY.toString(), "--listen", "1", "--set", "faulty.greeting=hi");
    }

    @AfterAll
    static void stop() {
        drover.close();
    }

    @Test
    void aFullQueueAnswers503AtOnce() throws Exception {
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(() -> Http.get(drover.port(), "/sleep?ms=1500"));
        }
        List<HttpResponse<String>> responses = Http.concurrently(calls);
        long refused = responses.stream().filter(r -> r.statusCode() == 503).count();
        long served = responses.stream().filter(r -> r.statusCode() == 200).count();
        assertEquals(1, refused, "one running, one queued, one refused");
        assertEquals(2, served);
        HttpResponse<String> busy = responses.stream()
                .filter(r -> r.statusCode() == 503)
                .findFirst()
                .orElseThrow();
        assertEquals("1", busy.headers().firstValue("Retry-After").orElse(""));
        assertTrue(busy.body().contains("queue of 1 is full"), busy.body());
    }

    @Test
    void aClientThatLeavesFreesItsSlotWithoutStaleFrames() throws Exception {
        try (Raw raw = new Raw(drover.port())) {
            raw.send("GET /drip?s=300 HTTP/1.1\r\nHost: t\r\n\r\n"); // a line every 50 ms for 5 minutes
            String head = raw.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertEquals("drip 0\n", raw.readChunk());
        } // gone mid-stream: a write to it fails, and the master cancels the request at the worker
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> next;
            try { // 30 s: within the master's idle timeout (60 s), after which a queued request gets 503
                next = Http.send(
                        Http.request(drover.port(), "/next-" + i)
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                throw new AssertionError(
                        "/next-" + i + " got no answer within 30 s: the abandoned stream still holds the only slot", e);
            }
            assertEquals(200, next.statusCode(), "the slot is free long before the stream would end: " + next.body());
            assertTrue(
                    next.body().matches("hi \\d+ 1 /next-" + i + "\n"),
                    "its own answer, not a stale one: " + next.body());
        }
    }

    @Test
    void aWorkerThatAnswersBeforeReadingTheBodyDoesNotDeadlock() throws Exception {
        byte[] body = new byte[10 * 1024 * 1024];
        HttpResponse<byte[]> response = Http.post(drover.port(), "/ignores-body", body);
        assertEquals(200, response.statusCode());
        assertTrue(new String(response.body()).endsWith(" /ignores-body\n"));
        assertEquals(200, Http.get(drover.port(), "/after-ignored-body").statusCode());
    }
}
