package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Slowlog and harakiri per request, recycling by requests and by memory, and a graceful stop that loses nothing. */
class SupervisionIT {

    private static final String FAULTY = DroverProcess.FAULTY.toString();

    @Test
    void harakiriKillsTheStuckRequestOnlyAndReplacesTheWorker() throws Exception {
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                FAULTY,
                "--threads",
                "4",
                "--set",
                "faulty.greeting=hi",
                "--harakiri",
                "2",
                "--harakiri-mercy",
                "3", // time for the harakiri's stack to come before the kill
                "--slowlog",
                "1")) {
            CompletableFuture<HttpResponse<String>> spin = CompletableFuture.supplyAsync(() -> get(drover, "/spin"));
            drover.awaitLine("drover: slow request on worker 1 \\(pid: \\d+\\) core \\d: GET /spin has run");
            // /spin is stuck on a thread of the worker and never returns by itself; siblings run beside it
            List<Callable<HttpResponse<String>>> shorts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                shorts.add(() -> {
                    HttpResponse<String> last = null;
                    for (int j = 0; j < 5; j++) {
                        last = Http.get(drover.port(), "/sleep?ms=300");
                        assertEquals(200, last.statusCode(), "a sibling request: " + last.body());
                    }
                    return last;
                });
            }
            Http.concurrently(shorts);
            HttpResponse<String> stuck;
            try {
                stuck = spin.get(90, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError(
                        "/spin got no answer within the client's 60 s, though harakiri 2 s is the only way it ends",
                        e.getCause());
            }
            assertEquals(504, stuck.statusCode(), stuck.body());
            double ranFor = Double.parseDouble(drover.awaitLine(
                            "drover: HARAKIRI on worker 1 \\(pid: \\d+\\) core \\d: GET /spin has run ([0-9.]+) s")
                    .group(1));
            assertTrue(ranFor < 10, "harakiri 2 s fired after " + ranFor + " s, not at its deadline");
            // the stuck thread's stack twice, in either order: slowlog's, and harakiri's before the interrupt
            Poll.until(
                    () -> drover.linesSinceMark().stream()
                            .filter(l -> l.contains("at drover-app//org.drover.testapps.FaultyApp.spinForever("))
                            .count(),
                    stacks -> stacks >= 2,
                    Duration.ofSeconds(30));
            drover.awaitLine("a request thread did not return within harakiri-mercy 3 s");
            drover.awaitLine("drover worker 1 \\(pid: \\d+\\): only threads stuck after harakiri are left; killing it");
            drover.awaitLine("drover worker 1 \\(pid: \\d+\\) retired with code 137");
            assertEquals(
                    2,
                    drover.lines().stream()
                            .filter(l -> l.startsWith("spawned drover worker 1 "))
                            .count(),
                    "the worker was replaced");
            assertEquals(200, Http.get(drover.port(), "/after").statusCode());
        }
    }

    @Test
    void maxRequestsRecyclesWorkersWithoutAFailedRequest() throws Exception {
        try (DroverProcess drover = DroverProcess.serve(
                        "--app",
                        DroverProcess.HELLO.toString(),
                        "-p",
                        "2",
                        "--threads",
                        "2",
                        "--max-requests",
                        "50",
                        "--min-worker-lifetime",
                        "0",
                        "--disable-logging");
                Load load = new Load(drover.port(), "/load", 4)) {
            int served = Integer.parseInt(drover.awaitLine(
                            Pattern.compile("drover: recycling worker \\d \\(pid: "
                                    + "\\d+\\): it served (\\d+) requests \\(max-requests 50\\)"),
                            Duration.ofSeconds(60))
                    .group(1));
            assertTrue(served >= 50, "recycled only once it served max-requests: " + served);
            drover.awaitLine(
                    Pattern.compile("drover: worker \\d \\(pid: \\d+\\) replaced by pid \\d+"), Duration.ofSeconds(60));
            drover.awaitLine(Pattern.compile("drover worker \\d \\(pid: \\d+\\) retired"), Duration.ofSeconds(60));
            load.awaitMore(100, Duration.ofSeconds(30));
            load.close();
            assertEquals(0, load.failed(), "no failed request while recycling: " + load);
        }
    }

    @Test
    void reloadOnRssRecyclesAWorkerThatLeaksNativeMemory() throws Exception {
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                FAULTY,
                "--set",
                "faulty.greeting=hi",
                "--reload-on-rss",
                "200",
                "--min-worker-lifetime",
                "0",
                "--jvm-opt=-XX:MaxDirectMemorySize=1g")) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, Http.get(drover.port(), "/leak?mb=50").statusCode());
            }
            int rss = Integer.parseInt(drover.awaitLine(
                            Pattern.compile("drover: recycling worker 1 \\(pid: \\d+\\): "
                                    + "its RSS is (\\d+) MB \\(reload-on-rss 200 MB\\)"),
                            Duration.ofSeconds(30))
                    .group(1));
            assertTrue(rss >= 200, "recycled only past the limit: " + rss + " MB");
            drover.awaitLine(Pattern.compile("drover worker 1 \\(pid: \\d+\\) retired"), Duration.ofSeconds(60));
            drover.awaitLine("^faulty app closed in worker 1"); // drained gracefully: the app was closed
            assertEquals(200, Http.get(drover.port(), "/after").statusCode());
        }
    }

    @Test
    void sigtermFinishesTheRequestsInFlightAndExitsZero() throws Exception {
        try (DroverProcess drover =
                DroverProcess.serve("--app", DroverProcess.HELLO.toString(), "-p", "3", "--set", "hello.sleep=2")) {
            List<ProcessHandle> workers = drover.workers();
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String path = "/inflight-" + i;
                inFlight.add(CompletableFuture.supplyAsync(() -> get(drover, path)));
            }
            for (int i = 0; i < 3; i++) {
                drover.awaitLine("^\\d+ \\d+ /inflight-" + i + " called");
            }
            drover.process().destroy(); // SIGTERM
            for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                HttpResponse<String> response = request.get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode());
                assertEquals("Hello world!\n", response.body());
            }
            assertEquals(0, drover.awaitExit(Duration.ofSeconds(30)));
            for (ProcessHandle worker : workers) {
                assertFalse(worker.isAlive(), "worker " + worker.pid() + " outlived its master");
            }
        }
    }

    private static HttpResponse<String> get(DroverProcess drover, String path) {
        try {
            return Http.get(drover.port(), path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
