package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint: parsed, its counters checked after a known number of requests. */
class MetricsIT {

    @Test
    void countersFollowAKnownNumberOfRequests() throws Exception {
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                DroverProcess.FAULTY.toString(),
                "-p",
                "2",
                "--threads",
                "2",
                "--set",
                "faulty.greeting=hi",
                "--metrics",
                "127.0.0.1:0",
                "--disable-logging")) {
            int port = Integer.parseInt(drover.awaitLineFromStart("drover metrics on http://127.0.0.1:(\\d+)/metrics")
                    .group(1));
            for (int i = 0; i < 7; i++) {
                assertEquals(200, Http.get(drover.port(), "/ok-" + i).statusCode());
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(500, Http.get(drover.port(), "/boom").statusCode());
            }
            // counted once each response has gone out, a moment after the client has it
            // and the workers report their heap every second
            Map<String, Double> metrics = awaitMetrics(
                    port,
                    m -> m.getOrDefault("drover_request_duration_seconds_count", 0.0) >= 10
                            && m.getOrDefault("drover_worker_heap_bytes{area=\"max\",worker=\"1\"}", 0.0) > 0);
            assertEquals(7.0, metrics.get("drover_requests_total{status=\"2xx\"}"));
            assertEquals(3.0, metrics.get("drover_requests_total{status=\"5xx\"}"));
            assertEquals(10.0, metrics.get("drover_request_duration_seconds_count"));
            assertEquals(10.0, metrics.get("drover_request_duration_seconds_bucket{le=\"+Inf\"}"));
            assertEquals(0.0, metrics.get("drover_queue_depth"));
            assertEquals(0.0, metrics.get("drover_queue_rejected_total"));
            assertEquals(4.0, metrics.get("drover_slots{state=\"idle\"}"));
            assertEquals(0.0, metrics.get("drover_worker_respawns_total"));
            assertEquals(0.0, metrics.get("drover_harakiris_total"));
            assertTrue(metrics.get("drover_worker_heap_bytes{area=\"max\",worker=\"1\"}") > 32 << 20);
        }
    }

    @Test
    void metricsAndStatsHttpStayOpenThroughAGracefulStop() throws Exception {
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                DroverProcess.FAULTY.toString(),
                "--set",
                "faulty.greeting=hi",
                "--metrics",
                "127.0.0.1:0",
                "--stats-http",
                "127.0.0.1:0",
                "--disable-logging")) {
            int metrics =
                    Integer.parseInt(drover.awaitLineFromStart("drover metrics on http://127.0.0.1:(\\d+)/metrics")
                            .group(1));
            int stats = Integer.parseInt(drover.awaitLineFromStart("drover stats-http on http://127.0.0.1:(\\d+)/")
                    .group(1));
            java.util.concurrent.CompletableFuture<HttpResponse<String>> slow =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return Http.get(drover.port(), "/sleep?ms=6000");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            awaitMetrics(metrics, m -> m.getOrDefault("drover_slots{state=\"busy\"}", 0.0) == 1.0);

            drover.signal("TERM"); // the stop waits for the request in flight
            drover.awaitLine("graceful stop; finishing 1 requests");
            assertEquals(1.0, scrape(metrics).get("drover_slots{state=\"busy\"}"), "the probe port still answers");
            HttpResponse<String> document = Http.get(stats, "/");
            assertEquals(200, document.statusCode());
            assertTrue(document.body().contains("\"load\":1"), document.body());

            assertEquals(
                    200, slow.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
            assertEquals(0, drover.awaitExit(java.time.Duration.ofSeconds(30)));
        }
    }

    private static Map<String, Double> awaitMetrics(int port, java.util.function.Predicate<Map<String, Double>> ready)
            throws Exception {
        return Poll.until(() -> scrape(port), ready, java.time.Duration.ofSeconds(10));
    }

    /** Parses the text format: one sample per line, "name{labels} value"; comments skipped. */
    private static Map<String, Double> scrape(int port) throws Exception {
        HttpResponse<String> response = Http.get(port, "/metrics");
        assertEquals(200, response.statusCode());
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
