package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed article's experiment, with the hello app sleeping 2 s: one process with one thread
 * serializes, three processes run in parallel, three processes of four threads run twelve.
 */
class SeedExperimentIT {

    private static final String HELLO = DroverProcess.HELLO.toString();

    @Test
    void oneProcessOneThreadSerializesTwoRequests() throws Exception {
        try (DroverProcess drover = DroverProcess.serve("--app", HELLO, "--set", "hello.sleep=2")) {
            Run run = requests(drover, "serial", 2);
            assertTrue(run.seconds() >= 3.9, "two 2 s requests on 1x1 must take >= 4 s, took " + run.seconds());
            Set<Long> pids = workerPids(drover, "serial", 2);
            assertEquals(1, pids.size(), "one worker serves both: " + pids);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-p", "--workers", "--processes"})
    void threeProcessesServeInParallel(String option) throws Exception {
        try (DroverProcess drover = DroverProcess.serve("--app", HELLO, option, "3", "--set", "hello.sleep=2")) {
            assertEquals(3, drover.workers().size(), "the master has 3 worker children");
            String command = DroverProcess.commandLine(drover.workers().get(0));
            assertTrue(
                    command.matches(".* -cp \\S+/lib/drover-worker-[^ /]+\\.jar org\\.drover\\.worker\\.WorkerMain .*"),
                    "a worker's class path is the worker jar alone, whose manifest names the rest: " + command);
            Run run = requests(drover, "parallel" + option, 3);
            assertTrue(
                    run.seconds() < 3.5, "three 2 s requests on 3 processes must take < 3.5 s, took " + run.seconds());
            Set<Long> pids = workerPids(drover, "parallel" + option, 3);
            assertTrue(pids.size() >= 2, "at least 2 distinct worker pids: " + pids);
        }
    }

    @Test
    void threeProcessesOfFourThreadsServeTwelveAtOnce() throws Exception {
        try (DroverProcess drover =
                DroverProcess.serve("--app", HELLO, "--processes", "3", "--threads", "4", "--set", "hello.sleep=2")) {
            assertTwelveInParallel(drover, "threads");
        }
    }

    @Test
    void theSameFromAnIniFile(@TempDir Path dir) throws Exception {
        Path ini = dir.resolve("seed.ini");
        Files.writeString(ini, """
                [drover]
                http = 127.0.0.1:0
                app = %s
                processes = 3
                threads = 4
                set = hello.sleep=2
                """.formatted(HELLO));
        try (DroverProcess drover = DroverProcess.start("--ini", ini.toString()).awaitReady()) {
            assertTwelveInParallel(drover, "ini");
        }
    }

    private static void assertTwelveInParallel(DroverProcess drover, String tag) throws Exception {
        Run run = requests(drover, tag, 12);
        assertTrue(run.seconds() < 4, "twelve 2 s requests on 3x4 must take < 4 s, took " + run.seconds());
        Set<Long> pids = workerPids(drover, tag, 12);
        assertEquals(3, pids.size(), "spread over the 3 workers: " + pids);
    }

    private record Run(double seconds) {}

    /** Sends n simultaneous requests to /tag-i and checks each answers Hello world. */
    private static Run requests(DroverProcess drover, String tag, int n) throws Exception {
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = "/" + tag + "-" + i;
            calls.add(() -> Http.get(drover.port(), path));
        }
        long start = System.nanoTime();
        List<HttpResponse<String>> responses = Http.concurrently(calls);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (HttpResponse<String> response : responses) {
            assertEquals(200, response.statusCode());
            assertEquals("Hello world!\n", response.body());
            assertEquals(
                    "text/plain", response.headers().firstValue("Content-Type").orElse(""));
        }
        return new Run(seconds);
    }

    /** The pids that printed "<pid> <ppid> /tag-i called HH:MM:SS", checking each parent is the master. */
    private static Set<Long> workerPids(DroverProcess drover, String tag, int n) {
        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Matcher called = drover.awaitLine(
                    Pattern.compile(
                            "^(\\d+) (\\d+) /" + Pattern.quote(tag + "-" + i) + " called \\d\\d:\\d\\d:\\d\\d$"),
                    Duration.ofSeconds(10));
            assertEquals(drover.pid(), Long.parseLong(called.group(2)), "the worker's parent is the master");
            pids.add(Long.parseLong(called.group(1)));
        }
        return pids;
    }
}
