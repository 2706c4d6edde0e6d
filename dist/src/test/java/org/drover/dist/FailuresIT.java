package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failures stay contained: an app exception is a 500, a dead worker is replaced, a dead master leaves no worker. */
class FailuresIT {

    private static DroverProcess drover;

    @BeforeAll
    static void start() throws IOException {
        drover = DroverProcess.serve(
                "--app", DroverProcess.FAULTY.toString(), "-p", "2", "--threads", "2", "--set", "faulty.greeting=hi");
    }

    @AfterAll
    static void stop() {
        drover.close();
    }

    @Test
    void anAppExceptionIsA500AndTheWorkerLivesOn() throws Exception {
        drover.mark();
        HttpResponse<String> boom = Http.get(drover.port(), "/boom");
        assertEquals(500, boom.statusCode());
        assertEquals("Internal Server Error\n", boom.body());
        drover.awaitLine(
                Pattern.compile("IllegalStateException: boom: the faulty app failed on purpose"),
                Duration.ofSeconds(10));
        HttpResponse<String> next = Http.get(drover.port(), "/after-boom");
        assertEquals(200, next.statusCode());
        assertTrue(next.body().startsWith("hi "), next.body());
        assertFalse(
                drover.linesSinceMark().stream().anyMatch(l -> l.contains("died")), "no worker died for an exception");
    }

    @Test
    void guiceModulesListedByTheJarAreInstalled() throws Exception {
        HttpResponse<String> response = Http.get(drover.port(), "/module");
        assertEquals("bound by FaultyModule\n", response.body());
    }

    @Test
    void aFailureAfterTheResponseStartedAbortsTheConnection() throws Exception {
        drover.mark();
        assertThrows(IOException.class, () -> Http.get(drover.port(), "/boom-late"));
        drover.awaitLine(Pattern.compile("aborted GET /boom-late after the response started"), Duration.ofSeconds(10));
        assertEquals(200, Http.get(drover.port(), "/after-late").statusCode());
    }

    @Test
    void aKilledWorkerIsReplacedAndServiceContinues() throws Exception {
        List<ProcessHandle> workers = drover.workers();
        assertEquals(2, workers.size());
        drover.mark();
        ProcessHandle victim = workers.get(0);
        victim.destroyForcibly();
        drover.awaitLine(
                Pattern.compile("drover worker \\d \\(pid: " + victim.pid() + "\\) died with code"),
                Duration.ofSeconds(10));
        drover.awaitLine(Pattern.compile("drover worker \\d \\(pid: \\d+\\) ready"), Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
            assertEquals(200, Http.get(drover.port(), "/after-kill-" + i).statusCode());
        }
        assertEquals(2, drover.workers().size());
    }

    @Test
    void aRequestOnAWorkerThatDiesGets502() throws Exception {
        drover.mark();
        HttpResponse<String> response = Http.get(drover.port(), "/exit");
        assertEquals(502, response.statusCode());
        assertTrue(response.body().contains("died during the request"), response.body());
        drover.awaitLine(Pattern.compile("drover worker \\d \\(pid: \\d+\\) ready"), Duration.ofSeconds(60));
        assertEquals(200, Http.get(drover.port(), "/after-exit").statusCode());
    }

    @Test
    void aMasterKilledWithSigkillLeavesNoWorker() throws Exception {
        try (DroverProcess other = DroverProcess.serve("--app", DroverProcess.HELLO.toString(), "-p", "2")) {
            List<ProcessHandle> workers = other.workers();
            assertEquals(2, workers.size());
            other.process().destroyForcibly();
            for (ProcessHandle worker : workers) {
                worker.onExit().get(5, TimeUnit.SECONDS);
                assertFalse(worker.isAlive(), "worker " + worker.pid() + " outlived its master");
            }
        }
    }

    @Test
    void sigtermAndSigintStopEverythingCleanly() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            try (DroverProcess other =
                    DroverProcess.serve("--app", DroverProcess.HELLO.toString(), "-p", "2", "--disable-logging")) {
                List<ProcessHandle> workers = other.workers();
                assertEquals(200, Http.get(other.port(), "/before-stop").statusCode());
                new ProcessBuilder("kill", "-" + signal, Long.toString(other.pid()))
                        .start()
                        .waitFor();
                assertEquals(0, other.awaitExit(Duration.ofSeconds(30)), other.output());
                other.awaitLine("drover: stopped");
                for (ProcessHandle worker : workers) {
                    assertFalse(worker.isAlive(), "worker " + worker.pid() + " outlived its master");
                }
                assertFalse(other.output().contains("[pid:"), "disable-logging: no request log lines");
            }
        }
    }
}
