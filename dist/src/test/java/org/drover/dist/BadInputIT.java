package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options, values and jars: one clear line naming the culprit, and a non-zero exit. */
class BadInputIT {

    @Test
    void anUnknownOptionIsNamed() throws Exception {
        assertFails(
                2,
                "drover: unknown option '--procesess' (on the command line)",
                "--procesess",
                "3",
                "--http",
                ":0",
                "--app",
                DroverProcess.HELLO.toString());
    }

    @Test
    void aBadValueIsNamedWithItsOption() throws Exception {
        assertFails(
                2,
                "drover: threads must be >= 1, got 0 (option --threads on the command line)",
                "--http",
                "127.0.0.1:0",
                "--app",
                DroverProcess.HELLO.toString(),
                "--threads",
                "0");
    }

    @Test
    void aBadValueInAnIniFileNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path ini = dir.resolve("bad.ini");
        Files.writeString(ini, "[drover]\nhttp = 127.0.0.1:0\nprocesses = many\n");
        assertFails(
                2,
                "drover: processes must be an integer, got 'many' (option processes in " + ini + " line 3)",
                "--ini",
                ini.toString(),
                "--app",
                DroverProcess.HELLO.toString());
    }

    @Test
    void aMissingJarIsNamed() throws Exception {
        assertFails(
                2,
                "drover: app: no such file: /nonexistent/app.jar (option --app on the command line)",
                "--http",
                "127.0.0.1:0",
                "--app",
                "/nonexistent/app.jar");
    }

    @Test
    void aJarWithoutAnApplicationIsNamed(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(empty))) {
            jar.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            jar.write("no app here".getBytes());
        }
        assertFails(
                4,
                "drover: cannot load the app: no Application in empty.jar: list its class in "
                        + "META-INF/services/org.drover.api.Application",
                "--http",
                "127.0.0.1:0",
                "--app",
                empty.toString());
    }

    @Test
    void anAppThatThrowsAtLoadIsNamedWithItsException() throws Exception {
        assertFails(
                4,
                "drover: cannot load the app: cannot build org.drover.testapps.FaultyApp from faulty.jar: "
                        + "java.lang.IllegalStateException: faulty app refuses to load (faulty.fail-at-load=true)",
                "--http",
                "127.0.0.1:0",
                "--app",
                DroverProcess.FAULTY.toString(),
                "--set",
                "faulty.fail-at-load=true",
                "--set",
                "faulty.greeting=hi");
    }

    @Test
    void anAppOutOfMemoryAtLoadGetsAHintNamingJvmOpt() throws Exception {
        try (DroverProcess drover = DroverProcess.start(
                "--http",
                "127.0.0.1:0",
                "--app",
                DroverProcess.FAULTY.toString(),
                "--set",
                "faulty.hungry-at-load=1024",
                "--set",
                "faulty.greeting=hi")) {
            assertEquals(4, drover.awaitExit(Duration.ofSeconds(60)), drover.output());
            String prefix = "drover: cannot load the app: cannot build org.drover.testapps.FaultyApp from faulty.jar: "
                    + "java.lang.OutOfMemoryError: Java heap space; the worker's max heap is ";
            assertTrue(
                    drover.lines().stream()
                            .anyMatch(line -> line.startsWith(prefix)
                                    && line.endsWith(" MB: give it more with --jvm-opt=-Xmx512m")),
                    drover.output());
        }
    }

    @Test
    void aMissingNamedValueIsNamed() throws Exception {
        try (DroverProcess drover =
                DroverProcess.start("--http", "127.0.0.1:0", "--app", DroverProcess.FAULTY.toString())) {
            assertEquals(4, drover.awaitExit(Duration.ofSeconds(60)));
            assertTrue(drover.output().contains("faulty.greeting"), drover.output());
        }
    }

    /** The ports are bound before anything else, so a port in use stops the start before any worker exists. */
    @Test
    void aPortInUseIsNamedAndNoWorkerIsSpawned() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            try (DroverProcess drover = DroverProcess.start(
                    "--http", "127.0.0.1:0", "--metrics", address, "--app", DroverProcess.HELLO.toString())) {
                assertEquals(1, drover.awaitExit(Duration.ofSeconds(60)), drover.output());
                assertTrue(
                        drover.lines()
                                .contains("drover: cannot listen on metrics " + address + ": Address already in use"),
                        drover.output());
                assertFalse(drover.output().contains("spawned"), drover.output());
            }
        }
    }

    /** The uwsgi socket's UNIX path is bound with the ports: a file in its place stops the start. */
    @Test
    void aFileWhereTheUwsgiSocketGoesIsNamedAndNoWorkerIsSpawned(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.sock"), "not a socket");
        try (DroverProcess drover =
                DroverProcess.start("--socket", file.toString(), "--app", DroverProcess.HELLO.toString())) {
            assertEquals(1, drover.awaitExit(Duration.ofSeconds(60)), drover.output());
            assertTrue(
                    drover.lines()
                            .contains("drover: cannot listen on socket " + file + ": " + file
                                    + " exists and is not a socket"),
                    drover.output());
            assertFalse(drover.output().contains("spawned"), drover.output());
            assertEquals("not a socket", Files.readString(file));
        }
    }

    private static void assertFails(int code, String line, String... args) throws Exception {
        try (DroverProcess drover = DroverProcess.start(args)) {
            assertEquals(code, drover.awaitExit(Duration.ofSeconds(60)), drover.output());
            List<String> lines = drover.lines();
            assertTrue(lines.contains(line), "expected the line\n  " + line + "\nin\n" + drover.output());
            assertTrue(drover.process().descendants().findAny().isEmpty(), "no process is left behind");
        }
    }
}
