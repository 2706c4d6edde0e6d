package org.drover.master.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.drover.master.supervise.ServerSnapshot;
import org.drover.master.supervise.WorkerState;
import org.drover.wire.WorkerStats;
import org.junit.jupiter.api.Test;

/** The metrics of a snapshot, in particular while an index has two processes (a replacement). */
class MetricsTest {

    private static ServerSnapshot.Worker worker(long pid, WorkerState state, boolean current, int busy) {
        List<ServerSnapshot.Core> cores = List.of(
                busy > 0 ? new ServerSnapshot.Core(0, "GET", "/x", 1) : new ServerSnapshot.Core(0, null, null, 0),
                new ServerSnapshot.Core(1, null, null, 0));
        return new ServerSnapshot.Worker(
                1,
                pid,
                state,
                current,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                new WorkerStats(pid, 2, 64 << 20, 1, 4, 5, 6, 0, 0),
                cores);
    }

    private static ServerSnapshot snapshot(ServerSnapshot.Worker... workers) {
        return new ServerSnapshot(
                1, 0, 0, 0, 1, 1, true, false, 2, Instant.now(), List.of(), List.of(workers), 0, 0, 0, null);
    }

    @Test
    void aScrapeDuringAReplacementShowsTheCurrentWorkerOfTheIndex() {
        String text = new Metrics()
                .scrape(snapshot(worker(100, WorkerState.DRAINING, false, 1), worker(101, WorkerState.READY, true, 0)))
                .text();

        assertTrue(text.contains("drover_worker_heap_bytes{area=\"used\",worker=\"1\"} 101.0"), text);
        assertFalse(text.contains(" 100.0"), "the draining process's figures are not the index's: " + text);
        assertTrue(text.contains("drover_slots{state=\"busy\"} 1.0"), "its request still counts: " + text);
        assertTrue(text.contains("drover_slots{state=\"idle\"} 2.0"), text);
    }

    @Test
    void requestsAreCountedByStatusClass() {
        Metrics metrics = new Metrics();
        metrics.answered(200, 1_000_000);
        metrics.answered(404, 1_000_000);
        metrics.answered(503, 1_000_000);
        String text = metrics.scrape(snapshot()).text();
        assertTrue(text.contains("drover_requests_total{status=\"2xx\"} 1.0"), text);
        assertTrue(text.contains("drover_requests_total{status=\"4xx\"} 1.0"), text);
        assertTrue(text.contains("drover_requests_total{status=\"5xx\"} 1.0"), text);
        assertEquals(
                1,
                text.lines()
                        .filter(l -> l.startsWith("drover_request_duration_seconds_count"))
                        .count());
    }
}
