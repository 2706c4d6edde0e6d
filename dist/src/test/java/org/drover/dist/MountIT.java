package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Several apps in one worker, each at its mount point, with SCRIPT_NAME and PATH_INFO split as WSGI does. */
class MountIT {

    @Test
    void requestsGoToTheAppOfTheirPrefix() throws Exception {
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                DroverProcess.HELLO.toString(),
                "--app",
                DroverProcess.ECHO.toString(),
                "--mount",
                "/hello=HelloApp",
                "--mount",
                "/echo=org.drover.echo.EchoApp")) {
            drover.awaitLineFromStart("ready: mounts /hello=HelloApp, /echo=EchoApp from hello.jar, echo.jar");
            assertEquals(
                    "Hello world!\n", Http.get(drover.port(), "/hello/anything").body());
            String vars = Http.get(drover.port(), "/echo/vars?x=1").body();
            assertTrue(vars.contains("SCRIPT_NAME=/echo\n"), vars);
            assertTrue(vars.contains("PATH_INFO=/vars\n"), vars);
            assertTrue(vars.contains("REQUEST_URI=/echo/vars?x=1\n"), vars);
            HttpResponse<String> nowhere = Http.get(drover.port(), "/elsewhere");
            assertEquals(404, nowhere.statusCode());
            assertEquals(404, Http.get(drover.port(), "/echoes").statusCode(), "a prefix matches whole segments");
        }
    }

    @Test
    void anUnmountedAppIsAtTheRoot() throws Exception {
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                DroverProcess.HELLO.toString(),
                "--app",
                DroverProcess.ECHO.toString(),
                "--mount",
                "/echo=EchoApp")) {
            assertEquals("Hello world!\n", Http.get(drover.port(), "/").body());
            assertEquals("GET /echo/x\n", Http.get(drover.port(), "/echo/x").body());
        }
    }

    @Test
    void aMountOfAnUnknownAppIsNamed() throws Exception {
        try (DroverProcess drover = DroverProcess.start(
                "--http", "127.0.0.1:0", "--app", DroverProcess.HELLO.toString(), "--mount", "/x=NoSuchApp")) {
            assertEquals(4, drover.awaitExit(Duration.ofSeconds(60)));
            drover.awaitLine("drover: cannot load the app: mount /x=NoSuchApp: no Application of that name in "
                    + "hello.jar; found: org.drover.hello.HelloApp");
        }
    }
}
