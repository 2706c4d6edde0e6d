package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover ctl ADDR COMMAND} against a master's {@code --ctl-socket}: replies and exit codes. */
class CtlIT {

    @TempDir
    Path dir;

    /** Runs {@code drover ctl}; returns its exit code and output. */
    private static String[] ctl(String address, String command) throws Exception {
        try (DroverProcess ctl = DroverProcess.start("ctl", address, command)) {
            int code = ctl.awaitExit(Duration.ofSeconds(90));
            return new String[] {Integer.toString(code), ctl.output()};
        }
    }

    @Test
    void commandsSayWhetherTheyWorked() throws Exception {
        Path app = dir.resolve("app.jar");
        Files.copy(DroverProcess.HELLO, app);
        try (DroverProcess drover =
                DroverProcess.serve("--app", app.toString(), "--ctl-socket", "127.0.0.1:0", "--disable-logging")) {
            String address = "127.0.0.1:"
                    + drover.awaitLineFromStart("drover ctl-socket on 127\\.0\\.0\\.1:(\\d+)")
                            .group(1);

            String[] status = ctl(address, "status");
            assertEquals("0", status[0], status[1]);
            assertTrue(
                    status[1].matches("(?s)master pid \\d+: 1 of 1 workers ready, apps of generation 1, "
                            + "\\d+ requests in flight"),
                    status[1]);

            String[] unknown = ctl(address, "restart");
            assertEquals("1", unknown[0], unknown[1]);
            assertTrue(
                    unknown[1].contains("drover ctl: restart: unknown command 'restart'; known: reload"), unknown[1]);

            String[] last = ctl(address, "remove-worker");
            assertEquals("1", last[0], last[1]);
            assertTrue(last[1].contains("keeping the last worker"), last[1]);

            Path broken = dir.resolve("broken.jar");
            try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(broken))) {
                jar.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            }
            Files.copy(broken, app, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(app, FileTime.from(Instant.now().plusSeconds(2)));
            String[] aborted = ctl(address, "reload");
            assertEquals("1", aborted[0], aborted[1]);
            assertTrue(
                    aborted[1].contains("drover ctl: reload: reload aborted: cannot load the new apps: "
                            + "no Application in app.jar"),
                    aborted[1]);
            assertEquals("Hello world!\n", Http.get(drover.port(), "/still").body(), "the old worker serves on");

            String[] stop = ctl(address, "stop");
            assertEquals("0", stop[0], stop[1]);
            assertTrue(stop[1].startsWith("graceful stop: finishing"), stop[1]);
            assertEquals(0, drover.awaitExit(Duration.ofSeconds(30)));
        }
    }

    @Test
    void aMasterThatIsNotThereIsAClearError() throws Exception {
        Path missing = dir.resolve("nobody.sock");
        String[] reply = ctl(missing.toString(), "status");
        assertEquals("1", reply[0], reply[1]);
        assertTrue(reply[1].contains("drover ctl: cannot talk to the master at " + missing), reply[1]);
    }
}
