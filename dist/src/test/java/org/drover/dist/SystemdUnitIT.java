package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit the distribution ships: linted by {@code systemd-analyze verify}, which
 * prints warnings and still exits 0, so any output fails; and its stop timeout covers the drain,
 * the graceful timeout and the workers' stop mercy it asks for.
 */
class SystemdUnitIT {

    private static final Path UNIT = DroverProcess.HOME.resolve("systemd/drover.service");

    @Test
    void theUnitLintsCleanWithSystemdAnalyze(@TempDir Path dir) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is installed with systemd");
        // The unit names /opt/drover; here the distribution is where the build put it.
        Path unit = Files.writeString(
                dir.resolve("drover.service"),
                Files.readString(UNIT)
                        .replace(
                                "/opt/drover",
                                DroverProcess.HOME.toAbsolutePath().toString()));
        Process verify = new ProcessBuilder(analyze.toString(), "verify", unit.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals("", output, "systemd-analyze verify said something");
        assertEquals(0, verify.exitValue());
    }

    @Test
    void theStopTimeoutCoversTheDrainTheGracefulTimeoutAndTheMercy() throws Exception {
        String unit = Files.readAllLines(UNIT).stream()
                .filter(line -> !line.startsWith("#"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        int drain = Integer.parseInt(find(unit, "--drain-delay (\\d+)"));
        int stop = Integer.parseInt(find(unit, "(?m)^TimeoutStopSec=(\\d+)$"));
        int graceful = 30; // the default; the unit sets no other
        assertTrue(!unit.contains("graceful-timeout"), "the unit's command keeps the default graceful-timeout");
        assertTrue(stop > drain + graceful + 10, "TimeoutStopSec=" + stop);
        assertTrue(unit.contains("\nType=notify\n"), unit);
        assertTrue(unit.contains("\nKillMode=mixed\n"), "SIGTERM to the master alone");
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), regex);
        return matcher.group(1);
    }
}
