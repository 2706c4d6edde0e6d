package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dropping root: started as root with {@code --uid nobody}, the master binds its port, becomes
 * nobody for good, and spawns its workers as nobody. Runs only where the tests run as root, as
 * they do in CI.
 */
class UserIT {

    private static final String NOBODY = "65534";

    @Test
    void startedAsRootTheMasterAndItsWorkersRunAsTheUidGiven() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        try (DroverProcess drover = DroverProcess.serve(
                "--app", DroverProcess.HELLO.toString(), "-p", "1", "--uid", "nobody", "--gid", NOBODY)) {
            assertTrue(
                    drover.lines().contains("drover: running as user nobody (uid 65534), gid 65534"), drover.output());
            assertEquals(200, Http.get(drover.port(), "/").statusCode());
            long worker = Long.parseLong(drover.awaitLineFromStart("spawned drover worker 1 \\(pid: (\\d+)")
                    .group(1));
            for (long pid : new long[] {drover.pid(), worker}) {
                List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
                assertTrue(
                        status.contains("Uid:\t" + NOBODY + "\t" + NOBODY + "\t" + NOBODY + "\t" + NOBODY),
                        status.toString());
                assertTrue(
                        status.contains("Gid:\t" + NOBODY + "\t" + NOBODY + "\t" + NOBODY + "\t" + NOBODY),
                        status.toString());
            }
            drover.signal("TERM");
            assertEquals(0, drover.awaitExit(Duration.ofSeconds(30)));
        }
    }

    @Test
    void anUnknownUserIsOneLineAndExit2() throws Exception {
        try (DroverProcess drover = DroverProcess.start(
                "--http", "127.0.0.1:0", "--app", DroverProcess.HELLO.toString(), "--uid", "no-such-user-here")) {
            assertEquals(2, drover.awaitExit(Duration.ofSeconds(30)), drover.output());
            assertTrue(drover.lines().contains("drover: uid 'no-such-user-here': no such user"), drover.output());
        }
    }

    @Test
    void withoutUidRootIsWarnedOnce() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        try (DroverProcess drover = DroverProcess.serve("--app", DroverProcess.HELLO.toString(), "-p", "1")) {
            long warnings = drover.lines().stream()
                    .filter(line -> line.equals(
                            "drover: *** WARNING: you are running drover as root !!! (use the --uid flag) ***"))
                    .count();
            assertEquals(1, warnings, drover.output());
        }
    }
}
