package org.drover.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.api.Config;
import org.drover.api.Environ;
import org.drover.api.Header;
import org.drover.api.StartResponse;
import org.drover.api.WorkerInfo;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurements, printed as BENCH lines: {@code mvn -o -pl servlet verify -Dtest=BenchTest
 * -Ddrover.bench=true} (alone, so that the first start is the JVM's first). Requests per second
 * of the hello servlet through the container on one slot thread, and of a trivial SPI app
 * called the same way, after a warm-up; the time from {@code new Container} to ready.
 */
@EnabledIfSystemProperty(named = "drover.bench", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenchTest {

    static final long WARM_MS = Long.getLong("bench.warm.ms", 5000);
    static final int WINDOWS = Integer.getInteger("bench.windows", 5);
    static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    /** The cheapest worker stand-in: counts what the app sends. */
    static final class Counting extends OutputStream implements StartResponse {
        long bytes;
        String status;

        @Override
        public void start(String status, List<Header> headers) {
            this.status = status;
        }

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    static Runnable request(Application app, Environ environ) {
        return () -> {
            Counting response = new Counting();
            try (Body body = app.call(environ, response)) {
                if (body.writer().isPresent()) {
                    body.writer().get().writeTo(response);
                } else {
                    for (byte[] chunk = body.next(); chunk != null; chunk = body.next()) {
                        response.write(chunk, 0, chunk.length);
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            if (response.bytes != 5 || !response.status.startsWith("200")) {
                throw new AssertionError(response.status + " " + response.bytes);
            }
        };
    }

    @Test
    @Order(2)
    void helloThroughTheContainerAndAnSpiAppOnOneSlotThread() throws Exception {
        Container container = new Container(
                List.of(Map.of(
                        "name",
                        "app",
                        "context",
                        "/app",
                        "dir",
                        TestWebapps.dir("hello").toString())),
                new Config(Map.of()),
                new WorkerInfo(1, ProcessHandle.current().pid(), 1));
        Application spi = (environ, start) -> {
            start.start(200, "Content-Type", "text/plain");
            return Body.of(HELLO);
        };
        Environ environ = TestRequest.get("/app/hello").environ();
        try {
            double servlet = CompletableFuture.supplyAsync(() -> rate("servlet", request(container, environ)))
                    .get();
            double app = CompletableFuture.supplyAsync(() -> rate("spi", request(spi, environ)))
                    .get();
            System.out.printf("BENCH ratio servlet/spi: %.3f%n", servlet / app);
        } finally {
            container.close();
        }
    }

    @Test
    @Order(1)
    void timeToReady() throws Exception {
        long[] ms = new long[6];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            Container container = new Container(
                    List.of(Map.of(
                            "name",
                            "app",
                            "context",
                            "/app",
                            "dir",
                            TestWebapps.dir("hello").toString())),
                    new Config(Map.of()),
                    new WorkerInfo(1, ProcessHandle.current().pid(), 8));
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            try (TestSlot slot = new TestSlot(0)) {
                assertEquals(
                        "hello",
                        slot.call(container, TestRequest.get("/app/hello")).text());
            }
            container.close();
        }
        long[] warm = Arrays.copyOfRange(ms, 1, ms.length);
        Arrays.sort(warm);
        System.out.printf(
                "BENCH new Container -> ready (hello webapp): first in this JVM %d ms, then median %d ms (%s)%n",
                ms[0], warm[warm.length / 2], Arrays.toString(Arrays.copyOfRange(ms, 1, ms.length)));
    }

    /** Requests per second on this thread: median of 1 s windows after a warm-up. */
    static double rate(String name, Runnable one) {
        loop(one, WARM_MS);
        long[] windows = new long[WINDOWS];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = loop(one, 1000);
        }
        long[] sorted = windows.clone();
        Arrays.sort(sorted);
        double rps = sorted[sorted.length / 2];
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            one.run();
        }
        long perRequest = (threads.getCurrentThreadAllocatedBytes() - before) / 10_000;
        System.out.printf(
                "BENCH %s hello, 1 slot thread: median %.0f req/s (%.1f us/req), windows %s, %d bytes allocated/req%n",
                name, rps, 1e6 / rps, Arrays.toString(windows), perRequest);
        return rps;
    }

    static long loop(Runnable one, long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        long n = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                one.run();
            }
            n += 100;
        }
        return n;
    }
}
