package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The probes on the master's own listeners, and the drain before a stop: a load balancer sees
 * {@code /readyz} fail at once on SIGTERM while the apps' port goes on serving for the drain
 * delay; then the graceful stop closes the apps' port while the probes still answer.
 */
class ProbesIT {

    @Test
    void readyzFailsAtOnceOnSigtermWhileTheAppIsServedForTheDrainDelay() throws Exception {
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                DroverProcess.HELLO.toString(),
                "-p",
                "1",
                "--threads",
                "2",
                "--metrics",
                "127.0.0.1:0",
                "--stats-http",
                "127.0.0.1:0",
                "--drain-delay",
                "3")) {
            int metrics =
                    Integer.parseInt(drover.awaitLineFromStart("drover metrics on http://127.0.0.1:(\\d+)/metrics")
                            .group(1));
            int stats = Integer.parseInt(drover.awaitLineFromStart("drover stats-http on http://127.0.0.1:(\\d+)/")
                    .group(1));
            for (int port : new int[] {metrics, stats}) {
                assertAnswer(200, "ready", Http.get(port, "/readyz"));
                assertAnswer(200, "live", Http.get(port, "/livez"));
            }
            assertEquals(
                    "Hello world!\n", Http.get(drover.port(), "/readyz").body(), "on the app's port, the app's path");
            assertTrue(Http.get(stats, "/").body().contains("\"workers\""), "other paths are the stats document");

            long signalled = System.nanoTime();
            drover.signal("TERM");
            drover.awaitLine("SIGTERM: draining for 3 s");
            HttpResponse<String> draining = Poll.until(
                    () -> Http.get(metrics, "/readyz"),
                    response -> response.statusCode() == 503,
                    Duration.ofSeconds(2));
            assertAnswer(503, "draining: the server is about to stop", draining);
            assertAnswer(200, "live", Http.get(metrics, "/livez"));
            assertEquals(200, Http.get(drover.port(), "/").statusCode(), "served during the drain");

            drover.awaitLine("SIGTERM: graceful stop; finishing");
            long drained = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            assertTrue(drained >= 2500, "the stop began " + drained + " ms after the signal");
            // New connections are refused; one the client kept open from before gets 503.
            Poll.until(
                    () -> {
                        try {
                            return Http.get(drover.port(), "/").statusCode();
                        } catch (IOException refused) {
                            return -1;
                        }
                    },
                    status -> status == -1 || status == 503,
                    Duration.ofSeconds(5));
            assertEquals(0, drover.awaitExit(Duration.ofSeconds(30)));
        }
    }

    private static void assertAnswer(int status, String body, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(body + "\n", response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
    }
}
