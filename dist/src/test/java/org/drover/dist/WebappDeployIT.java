package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploying WARs by copying them into an app-dir, under steady load from 4 clients of another
 * webapp: a new WAR is served at its name with no failed request, a new version replaces it with
 * no failed request, a deleted one answers 404, and one whose initializer throws aborts its
 * reload while the old set serves. At first start, such a WAR is exit code 4 with one line.
 */
class WebappDeployIT {

    @TempDir
    Path dir;

    private static String answer(DroverProcess drover, String path) throws Exception {
        HttpResponse<String> response = Http.get(drover.port(), path);
        return response.statusCode() + " " + response.body();
    }

    /** Waits until the path answers as expected: a deploy takes a poll or two and a rolling reload. */
    private static void awaitAnswer(DroverProcess drover, String path, String expected) throws Exception {
        Poll.until(() -> answer(drover, path), expected::equals, Duration.ofSeconds(90));
    }

    @Test
    void copyReplaceDeleteAndABrokenWarUnderLoad() throws Exception {
        Path apps = Files.createDirectories(dir.resolve("apps"));
        Files.copy(Webapps.JERSEY, apps.resolve("jersey.war"));
        try (DroverProcess drover = DroverProcess.serve(
                "--app-dir",
                apps.toString(),
                "--app-dir-poll",
                "1",
                "-p",
                "2",
                "--threads",
                "4",
                "--set",
                "broken.fail-at-start=true")) {
            assertEquals("200 Hello from Jersey\n", answer(drover, "/jersey/api/hello"));
            Load load = new Load(drover.port(), "/jersey/api/hello", 4);
            try {
                load.awaitMore(50, Duration.ofSeconds(30));

                Webapps.deploy(Webapps.HELLO, apps, "shop.war");
                awaitAnswer(drover, "/shop/hello", "200 Hello from a servlet\n");
                load.awaitMore(50, Duration.ofSeconds(30));
                assertEquals(0, load.failed(), "no failed request while a WAR came in: " + load);

                Webapps.deploy(Webapps.JERSEY, apps, "shop.war"); // another app under the same name
                awaitAnswer(drover, "/shop/api/hello", "200 Hello from Jersey\n");
                load.awaitMore(50, Duration.ofSeconds(30));
                assertEquals(0, load.failed(), "no failed request while it was replaced: " + load);

                Files.delete(apps.resolve("shop.war"));
                awaitAnswer(drover, "/shop/api/hello", "404 404 Not Found: no app is mounted at /shop/api/hello\n");

                drover.mark();
                Webapps.deploy(Webapps.HELLO, apps, "broken.war"); // refuses to start: broken.fail-at-start
                drover.awaitLine(
                        Pattern.compile("drover: reload aborted: the new worker \\d cannot load the app: webapp broken"
                                + " at /broken did not start: java.lang.IllegalStateException: hello webapp refuses to"
                                + " start \\(fail-at-start=true\\); the old workers keep serving"),
                        Duration.ofSeconds(90));
                assertEquals(404, Http.get(drover.port(), "/broken/hello").statusCode());
                load.awaitMore(50, Duration.ofSeconds(30));
            } finally {
                load.close();
            }
            assertEquals(0, load.failed(), "no failed request in the whole story: " + load);
            assertEquals("200 Hello from Jersey\n", answer(drover, "/jersey/api/hello"));
        }
    }

    @Test
    void aWarThatFailsToStartIsExitCode4WithOneLineNamingItAndTheCause() throws Exception {
        try (DroverProcess drover = DroverProcess.start(
                "--http",
                "127.0.0.1:0",
                "--app",
                Webapps.HELLO.toString(),
                "--set",
                "hello-webapp.fail-at-start=true")) {
            assertEquals(4, drover.awaitExit(Duration.ofSeconds(90)), drover.output());
            String line = "drover: cannot load the app: webapp hello-webapp at / did not start:"
                    + " java.lang.IllegalStateException: hello webapp refuses to start (fail-at-start=true)";
            assertTrue(drover.lines().contains(line), "expected the line\n  " + line + "\nin\n" + drover.output());
            assertTrue(drover.process().descendants().findAny().isEmpty(), "no process is left behind");
        }
    }
}
