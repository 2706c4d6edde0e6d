package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling reloads under steady load: SIGHUP and autoreload swap the app with no failed request;
 * a broken jar leaves the old workers serving.
 */
class ReloadIT {

    @TempDir
    Path dir;

    private Path app() throws Exception {
        Path app = dir.resolve("app.jar");
        Files.copy(DroverProcess.HELLO, app);
        return app;
    }

    /** Overwrites the jar in place, as {@code cp} does, with a later modification time. */
    private static void replace(Path jar, Path with) throws Exception {
        Files.copy(with, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(2)));
    }

    @Test
    void sighupReloadsEveryWorkerWithoutAFailedRequest() throws Exception {
        reloadUnderLoad(List.of(), (drover, app) -> {
            replace(app, DroverProcess.ECHO);
            new ProcessBuilder("kill", "-HUP", Long.toString(drover.pid()))
                    .start()
                    .waitFor();
        });
    }

    @Test
    void autoreloadPicksUpAReplacedJarWithoutAFailedRequest() throws Exception {
        reloadUnderLoad(List.of("--py-autoreload", "1"), (drover, app) -> {
            drover.mark();
            replace(app, DroverProcess.ECHO);
            drover.awaitLine(
                    Pattern.compile("drover: reloading \\(autoreload: app.jar changed\\)"), Duration.ofSeconds(30));
        });
    }

    @Test
    void droverCtlReloadAnswersOnceEveryWorkerRunsTheNewJar() throws Exception {
        Path ctlSocket = dir.resolve("ctl.sock");
        reloadUnderLoad(List.of("--ctl-socket", ctlSocket.toString()), (drover, app) -> {
            replace(app, DroverProcess.ECHO);
            try (DroverProcess ctl = DroverProcess.start("ctl", ctlSocket.toString(), "reload")) {
                assertEquals(0, ctl.awaitExit(Duration.ofSeconds(90)), ctl.output());
                assertEquals("reload finished: 2 workers run the apps of generation 2", ctl.output());
            }
        });
    }

    /** What starts a reload to the echo app, given the server and its app jar. */
    @FunctionalInterface
    private interface Trigger {
        void reload(DroverProcess drover, Path app) throws Exception;
    }

    /** Serves hello on 2x4 under load from 4 clients, reloads to echo, and checks nothing failed. */
    private void reloadUnderLoad(List<String> options, Trigger trigger) throws Exception {
        Path app = app();
        List<String> args = new java.util.ArrayList<>(
                List.of("--app", app.toString(), "-p", "2", "--threads", "4", "--disable-logging"));
        args.addAll(options);
        try (DroverProcess drover = DroverProcess.serve(args.toArray(String[]::new));
                Load load = new Load(drover.port(), "/load", 4)) {
            load.awaitMore(100, Duration.ofSeconds(30));
            drover.mark();
            trigger.reload(drover, app);
            drover.awaitLine(Pattern.compile("drover: reload finished: 2 workers"), Duration.ofSeconds(60));
            load.awaitMore(100, Duration.ofSeconds(30));
            load.close();
            assertEquals(0, load.failed(), "no failed request during the reload: " + load);
            assertEquals("GET /after\n", Http.get(drover.port(), "/after").body(), "the new jar answers");
        }
    }

    @Test
    void aBrokenJarLeavesTheOldWorkersServingAndAGoodOneReloadsAfterIt() throws Exception {
        Path app = app();
        Path touch = dir.resolve("reload.touch");
        try (DroverProcess drover =
                DroverProcess.serve("--app", app.toString(), "--touch-reload", touch.toString(), "--disable-logging")) {
            Path broken = dir.resolve("broken.jar");
            try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(broken))) {
                jar.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            }
            replace(app, broken);
            drover.mark();
            Files.writeString(touch, "reload");
            // The master reads the new jar before it spawns anything: no worker starts on it.
            drover.awaitLine(
                    Pattern.compile("drover: touch-reload: .*reload.touch was touched: reload aborted: cannot load the"
                            + " new apps: no Application in app.jar.*; the old workers keep serving"),
                    Duration.ofSeconds(60));
            assertEquals("Hello world!\n", Http.get(drover.port(), "/still").body());
            assertTrue(drover.lines().stream().noneMatch(l -> l.contains("reload finished")));

            // A good jar after the broken one reloads, and a respawn afterwards loads it too.
            replace(app, DroverProcess.ECHO);
            drover.mark();
            Files.writeString(touch, "reload again");
            drover.awaitLine(Pattern.compile("drover: reload finished: 1 workers"), Duration.ofSeconds(60));
            assertEquals("GET /fixed\n", Http.get(drover.port(), "/fixed").body());
            drover.mark();
            drover.workers().forEach(ProcessHandle::destroyForcibly);
            drover.awaitLine(
                    Pattern.compile(
                            "drover worker 1 \\(pid: \\d+\\) ready: org.drover.echo.EchoApp from \\S+ \\(booted in \\d+ ms\\)$"),
                    Duration.ofSeconds(60));
            assertEquals(
                    "GET /respawned\n", Http.get(drover.port(), "/respawned").body());
        }
    }
}
