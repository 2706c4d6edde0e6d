package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploying by copying a jar into an {@code app-dir}, under steady load from 4 clients: a new app
 * appears at its mount, a new version replaces the old, a removed jar's mount answers 404, and a
 * broken jar never replaces the working set. Apps have class loaders of their own.
 */
class DeployIT {

    @TempDir
    Path dir;

    private static String body(DroverProcess drover, String path) throws Exception {
        HttpResponse<String> response = Http.get(drover.port(), path);
        return response.statusCode() + " " + response.body();
    }

    /** Waits until the path answers as expected: a deploy takes a poll or two and a rolling reload. */
    private static void awaitAnswer(DroverProcess drover, String path, String expected) throws Exception {
        Poll.until(() -> body(drover, path), expected::equals, Duration.ofSeconds(60));
    }

    /** Copies under a hidden name, then renames into place: the pattern docs/deploy.md advises. */
    private static void deploy(Path jar, Path apps) throws Exception {
        Path part = apps.resolve("." + jar.getFileName() + ".part");
        Files.copy(jar, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, apps.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void deployUpgradeRemoveAndABrokenJarUnderLoad() throws Exception {
        AppJars build = new AppJars(dir.resolve("build"));
        Path greeter1 = build.app(dir.resolve("build/greeter-1.0.jar"), "\"greeter 1\"", "1.0");
        Path greeter2 = build.app(dir.resolve("build/greeter-2.0.jar"), "\"greeter 2\"", "2.0");
        Path other = build.app(dir.resolve("build/other-1.0.jar"), "\"other\"", "1.0");
        Path broken = build.broken(dir.resolve("build/broken-1.0.jar"));
        Path apps = Files.createDirectories(dir.resolve("apps"));
        Files.copy(greeter1, apps.resolve("greeter-1.0.jar"));
        Path ctl = dir.resolve("ctl.sock");

        try (DroverProcess drover = DroverProcess.serve(
                "--app-dir",
                apps.toString(),
                "--app-dir-poll",
                "1",
                "-p",
                "2",
                "--threads",
                "2",
                "--ctl-socket",
                ctl.toString(),
                "--log-format",
                "app=%(app) %(uri) %(status)")) {
            assertEquals("200 greeter 1\n", body(drover, "/greeter"));
            Load load = new Load(drover.port(), "/greeter", 4);
            try {
                load.awaitMore(50, Duration.ofSeconds(30));

                // A second app, copied in the plain way: served at its mount once the copy is stable.
                drover.mark();
                Files.copy(other, apps.resolve("other-1.0.jar"));
                awaitAnswer(drover, "/other", "200 other\n");
                drover.awaitLine("app=other /other 200");
                load.awaitMore(50, Duration.ofSeconds(30));
                assertEquals(0, load.failed(), "no failed request while the second app came in: " + load);

                // A new version: copied in beside the old, and the old removed.
                deploy(greeter2, apps);
                Files.delete(apps.resolve("greeter-1.0.jar"));
                awaitAnswer(drover, "/greeter", "200 greeter 2\n");
                load.awaitMore(50, Duration.ofSeconds(30));
                assertEquals(0, load.failed(), "no failed request during the upgrade: " + load);

                // A removed jar: its mount answers 404, the others are unaffected.
                Files.delete(apps.resolve("other-1.0.jar"));
                awaitAnswer(drover, "/other", "404 404 Not Found: no app is mounted at /other\n");
                assertEquals("200 greeter 2\n", body(drover, "/greeter"));

                // A broken jar: the reload is aborted, naming the jar and the exception; the old set serves.
                drover.mark();
                deploy(broken, apps);
                drover.awaitLine(
                        Pattern.compile("drover: reload aborted: the new worker \\d cannot load the app: "
                                + "cannot build deploy.App from broken-1.0.jar: java.lang.IllegalStateException: "
                                + "broken on purpose; the old workers keep serving"),
                        Duration.ofSeconds(60));
                drover.mark();
                assertEquals("200 greeter 2\n", body(drover, "/greeter"));
                assertEquals(404, Http.get(drover.port(), "/broken").statusCode());
                load.awaitMore(50, Duration.ofSeconds(30));

                // Removing it is the next reload: the broken jar was not tried again meanwhile.
                Files.delete(apps.resolve("broken-1.0.jar"));
                drover.awaitLine(
                        Pattern.compile("drover: reloading \\(app-dir: broken-1.0.jar removed\\)"),
                        Duration.ofSeconds(60));
                assertEquals(
                        1,
                        drover.linesSinceMark().stream()
                                .filter(line -> line.startsWith("drover: reloading ("))
                                .count(),
                        drover.output());
                drover.awaitLine(Pattern.compile("drover: reload finished"), Duration.ofSeconds(60));
            } finally {
                load.close();
            }
            assertEquals(0, load.failed(), "no failed request in the whole story: " + load);
            assertTrue(load.ok() > 200, load.toString());

            try (DroverProcess listing = DroverProcess.start("ctl", ctl.toString(), "apps")) {
                assertEquals(0, listing.awaitExit(Duration.ofSeconds(30)), listing.output());
                assertTrue(
                        Pattern.compile("greeter +/greeter +2\\.0 +\\S+ +[0-9a-f]{64} +"
                                        + Pattern.quote(
                                                apps.resolve("greeter-2.0.jar").toString()))
                                .matcher(listing.output())
                                .find(),
                        listing.output());
            }
        }
    }

    @Test
    void appsBundlingTwoVersionsOfALibraryEachSeeTheirOwn() throws Exception {
        AppJars build = new AppJars(dir.resolve("build"));
        Path apps = Files.createDirectories(dir.resolve("apps"));
        build.withLibrary(apps.resolve("alpha-1.0.jar"), "alpha", "1");
        build.withLibrary(apps.resolve("beta-lib-1.0.jar"), "beta-lib", "2");
        Path ini = dir.resolve("apps.ini");
        Files.writeString(
                ini,
                "[drover]\napp-dir = " + apps + "\nset = beta-lib.greeting=hi from set\n"
                        + "mount = /b=beta-lib\n[app:alpha]\ngreeting = hi from [app:alpha]\n");

        try (DroverProcess drover =
                DroverProcess.serve("--ini", ini.toString(), "--app", DroverProcess.HELLO.toString())) {
            drover.awaitLineFromStart("ready: mounts /alpha=alpha from alpha-1.0.jar; mounts /b=beta-lib from "
                    + "beta-lib-1.0.jar; mounts /=HelloApp from hello.jar");
            assertEquals("200 alpha sees lib 1, hi from [app:alpha]\n", body(drover, "/alpha"));
            assertEquals(
                    "200 beta-lib sees lib 2, hi from set\n",
                    body(drover, "/b"),
                    "in the same worker, its own lib.Version, at the mount that moved it");
            assertEquals("200 Hello world!\n", body(drover, "/beta-lib"), "the --app jar's app has the rest");
            assertEquals("200 Hello world!\n", body(drover, "/"));
        }
    }
}
