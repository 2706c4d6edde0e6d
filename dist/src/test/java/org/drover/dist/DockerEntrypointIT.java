package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's entrypoint without Docker (no daemon here): its command run as PID 1 of a new
 * PID namespace ({@code unshare --pid --fork --mount-proc}) as a non-root user, as a container
 * would. tini is PID 1; SIGTERM to it reaches the master, which drains and exits 0, and nothing
 * of the tree is left.
 */
class DockerEntrypointIT {

    private static final Path DOCKERFILE = DroverProcess.HOME.resolve("docker/Dockerfile");
    private static final String NOBODY = "65534";

    @Test
    void asPid1OfItsOwnNamespaceSigtermDrainsAndExits0() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "unshare --pid needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tini")), "tini is installed by .ci/run");
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "--pid",
                "--fork",
                "--mount-proc",
                "setpriv",
                "--reuid=" + NOBODY,
                "--regid=" + NOBODY,
                "--clear-groups"));
        command.addAll(entrypoint());
        command.addAll(List.of(
                "--http",
                "127.0.0.1:0",
                "--app",
                DroverProcess.HELLO.toAbsolutePath().toString(),
                "-p",
                "2",
                "--metrics",
                "127.0.0.1:0",
                "--drain-delay",
                "1"));
        try (DroverProcess container = DroverProcess.run(command, Map.of("DROVER_CDS", "off"))) {
            container.awaitReady();
            assertEquals(200, Http.get(container.port(), "/").statusCode());

            ProcessHandle init = container.process().children().findFirst().orElseThrow();
            String status = Files.readString(Path.of("/proc/" + init.pid() + "/status"));
            assertTrue(
                    status.contains("\nNSpid:\t" + init.pid() + "\t1\n"), "tini is PID 1 of its namespace:\n" + status);
            assertTrue(
                    init.info().command().orElse("").endsWith("tini"),
                    init.info().toString());
            assertTrue(status.contains("\nUid:\t" + NOBODY + "\t"), "not root:\n" + status);
            List<ProcessHandle> tree = init.descendants().toList();
            assertEquals(3, tree.size(), "the master and 2 workers: " + tree);
            for (ProcessHandle process : tree) {
                String state = Files.readString(Path.of("/proc/" + process.pid() + "/status"));
                assertFalse(state.contains("\nState:\tZ"), "a zombie: " + state);
            }

            new ProcessBuilder("kill", "-TERM", Long.toString(init.pid()))
                    .start()
                    .waitFor();
            container.awaitLine("SIGTERM: draining for 1 s");
            assertEquals(0, container.awaitExit(Duration.ofSeconds(60)), container.output());
            assertTrue(container.lines().contains("drover: stopped"), container.output());
            assertFalse(init.isAlive());
            for (ProcessHandle process : tree) {
                process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertFalse(process.isAlive(), process + " is left");
            }
        }
    }

    /** The exec-form ENTRYPOINT of the Dockerfile, with the dist where the build put it. */
    private static List<String> entrypoint() throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        Matcher line = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)\\]$").matcher(dockerfile);
        assertTrue(line.find(), "an exec-form ENTRYPOINT");
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"").matcher(line.group(1));
        while (word.find()) {
            words.add(word.group(1)
                    .replace("/opt/drover", DroverProcess.HOME.toAbsolutePath().toString()));
        }
        assertEquals("/usr/bin/tini", words.get(0));
        assertTrue(dockerfile.contains("\nSTOPSIGNAL SIGTERM\n"));
        assertTrue(dockerfile.contains("\nUSER drover\n"), "not root in the image");
        return words;
    }
}
