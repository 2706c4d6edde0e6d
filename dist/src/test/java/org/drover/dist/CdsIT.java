package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class data sharing with no operator step: the first run records the archive with its first
 * worker, which is recycled once it has served; the workers spawned after it, and every worker
 * of the next run, map it (seen in their {@code /proc/PID/maps}); the master records its own
 * once ready, which the launcher maps at the next start; no CDS warning reaches the log.
 */
class CdsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern SPAWNED = Pattern.compile("spawned drover worker 1 \\(pid: (\\d+)");

    @TempDir
    Path cache;

    private DroverProcess serve() throws Exception {
        DroverProcess drover = DroverProcess.start(
                Map.of("DROVER_CDS", "on", "DROVER_CDS_DIR", cache.toString()),
                "--http",
                "127.0.0.1:0",
                "--app",
                DroverProcess.HELLO.toString(),
                "--min-worker-lifetime",
                "0",
                "--disable-logging");
        try {
            return drover.awaitReady();
        } catch (RuntimeException | Error e) {
            drover.close();
            throw e;
        }
    }

    @Test
    void theFirstRunRecordsTheArchiveAndLaterWorkersMapIt() throws Exception {
        Path archive;
        Path masterArchive;
        try (DroverProcess first = serve()) {
            long trainee = Long.parseLong(pid(first.awaitLineFromStart(SPAWNED.pattern())));
            first.awaitLineFromStart(
                    "no archive for this JDK and class path yet; worker 1 \\(pid: " + trainee + "\\) records one");
            assertEquals(200, Http.get(first.port(), "/").statusCode());

            first.awaitLine("recycling worker 1 \\(pid: " + trainee + "\\): it has served");
            Matcher wrote = first.awaitLine("worker 1 \\(pid: " + trainee + "\\) wrote (\\S+\\.jsa) \\(\\d+ MB\\)");
            archive = Path.of(wrote.group(1));
            assertEquals(cache, archive.getParent());
            assertTrue(archive.getFileName().toString().matches("[^/]+-[0-9a-f]{16}\\.jsa"), archive.toString());
            assertEquals(List.of(archive), workerArchives(), "the draft was renamed, not copied");
            Matcher master = first.awaitLineFromStart("the master wrote (\\S+/master-\\S+\\.jsa) \\(\\d+ MB\\)");
            masterArchive = Path.of(master.group(1));
            assertEquals(cache, masterArchive.getParent());
            assertEquals(200, Http.get(first.port(), "/").statusCode());

            // The replacement was spawned before the archive existed; the next spawn maps it.
            first.mark();
            first.signal("HUP");
            long reloaded = Long.parseLong(pid(first.awaitLine(SPAWNED.pattern())));
            first.awaitLine("drover worker 1 \\(pid: " + reloaded + "\\) ready");
            assertTrue(maps(reloaded).contains(archive.toString()), "worker " + reloaded + " does not map " + archive);
            assertNoCdsWarning(first);
        }

        try (DroverProcess second = serve()) {
            second.awaitLineFromStart("drover: class data sharing: workers map " + Pattern.quote(archive.toString()));
            long worker = Long.parseLong(pid(second.awaitLineFromStart(SPAWNED.pattern())));
            assertTrue(maps(worker).contains(archive.toString()), "worker " + worker + " does not map " + archive);
            assertEquals(200, Http.get(second.port(), "/").statusCode());
            assertFalse(second.output().contains("records one"), second.output());
            assertTrue(
                    maps(second.pid()).contains(masterArchive.toString()), "the master does not map " + masterArchive);
            assertFalse(second.output().contains("the master wrote"), second.output());
            assertNoCdsWarning(second);
        }
    }

    private static String pid(Matcher spawned) {
        return spawned.group(1);
    }

    private static String maps(long pid) throws Exception {
        return Files.readString(Path.of("/proc", Long.toString(pid), "maps"));
    }

    private List<Path> workerArchives() throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("master-"))
                    .toList();
        }
    }

    private static void assertNoCdsWarning(DroverProcess drover) {
        assertFalse(drover.output().contains("[cds"), "a CDS warning reached the log:\n" + drover.output());
    }
}
