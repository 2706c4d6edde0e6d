package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Cheaper mode against the built distribution: {@code -p 4 --threads 2 --cheaper 1} starts one
 * worker, grows to four under a load that needs eight slots, and shrinks back to one while
 * requests trickle in, with no failed request; the operator's SIGTTIN/SIGTTOU move the count
 * within cheaper..processes, and a reload replaces the workers that run. {@code cheaper 0}, the
 * default, is every other test of the suite.
 */
class CheaperIT {

    private static final Duration GROWTH = Duration.ofSeconds(90);
    private static final Duration SHRINK = Duration.ofSeconds(120);

    @Test
    void headroomGrowsUnderLoadShrinksWhenIdleAndAReloadReplacesTheWorkersThatRun() throws Exception {
        try (DroverProcess drover = serve("--metrics", "127.0.0.1:0")) {
            assertEquals(1, drover.workers().size(), "one worker at start");
            growThenShrink(drover, "busy \\d+/\\d+ slots", "at most \\d+ requests at once in 10 s fit in \\d workers");
            int port = Integer.parseInt(drover.awaitLineFromStart("drover metrics on http://127.0.0.1:(\\d+)/metrics")
                    .group(1));
            String metrics = Http.get(port, "/metrics").body();
            assertTrue(
                    metrics.contains("drover_cheaper_decisions_total{action=\"spawn\",reason=\"busy-slots\"} 3.0"),
                    metrics);
            assertTrue(
                    metrics.contains("drover_cheaper_decisions_total{action=\"retire\",reason=\"idle\"} 3.0"), metrics);
            assertTrue(metrics.contains("drover_cheaper_workers 1.0"), metrics);
            assertTrue(metrics.contains("drover_worker_respawns_total 0.0"), "growing is no respawn: " + metrics);

            // SIGTTIN and SIGTTOU within 1..4; a reload at 2 replaces 2.
            drover.signal("TTIN");
            drover.awaitLine("drover: SIGTTIN: one worker more, 2 now");
            drover.awaitLine("drover worker 2 \\(pid: \\d+\\) ready");
            drover.mark();
            drover.signal("HUP");
            drover.awaitLine("drover: reloading \\(SIGHUP\\): replacing 2 workers");
            drover.awaitLine(Pattern.compile("drover: reload finished: 2 workers"), Duration.ofSeconds(60));
            drover.mark();
            drover.signal("TTOU");
            drover.awaitLine("drover: SIGTTOU: one worker less, 1 now");
            drover.signal("TTOU");
            drover.awaitLine("drover: SIGTTOU: already at cheaper 1");
            assertEquals(200, Http.get(drover.port(), "/").statusCode());
        }
    }

    @Test
    void spare2WithCheaperIdleFiveGrowsAndShrinksToo() throws Exception {
        try (DroverProcess drover = serve("--cheaper-algo", "spare2", "--cheaper-idle", "5")) {
            assertEquals(1, drover.workers().size(), "one worker at start");
            growThenShrink(
                    drover, "0 idle workers, fewer than cheaper 1", "\\d idle workers, more than cheaper 1 for 5 s");
        }
    }

    private static DroverProcess serve(String... more) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--app",
                DroverProcess.FAULTY.toString(),
                "--set",
                "faulty.greeting=hi",
                "-p",
                "4",
                "--threads",
                "2",
                "--cheaper",
                "1",
                "--disable-logging"));
        args.addAll(java.util.List.of(more));
        DroverProcess drover = DroverProcess.serve(args.toArray(String[]::new));
        drover.awaitLineFromStart("drover ready: 1×2 on ");
        return drover;
    }

    /**
     * Eight clients on 200 ms requests grow it to 4 workers; a trickle then lets it shrink to 1;
     * each decision's line gives the algorithm's own reason.
     */
    private static void growThenShrink(DroverProcess drover, String growReason, String shrinkReason) throws Exception {
        try (Load load = new Load(drover.port(), "/sleep?ms=200", 8)) {
            drover.awaitLine(
                    Pattern.compile("^cheaper: " + growReason + ".*, spawning worker \\d \\(4 of 4\\)$"), GROWTH);
            drover.awaitLine(Pattern.compile("drover worker \\d \\(pid: \\d+\\) ready"), GROWTH);
            load.awaitMore(40, Duration.ofSeconds(60));
            load.close();
            assertEquals(0, load.failed(), load.toString());
        }
        drover.mark();
        try (Load trickle = Load.trickle(drover.port(), "/sleep?ms=5", 200)) {
            drover.awaitLine(
                    Pattern.compile("^cheaper: " + shrinkReason + ", retiring worker \\d .*1 of 4 left\\)$"), SHRINK);
            drover.awaitLine(Pattern.compile("drover worker \\d \\(pid: \\d+\\) retired$"), SHRINK);
            trickle.awaitMore(5, Duration.ofSeconds(30));
            trickle.close();
            assertEquals(0, trickle.failed(), trickle.toString());
        }
        drover.mark();
    }
}
