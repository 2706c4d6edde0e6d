package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The request log's format and its filters. */
class RequestLogIT {

    @Test
    void logFormatShapesTheLine() throws Exception {
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                DroverProcess.HELLO.toString(),
                "--log-format",
                "LOG %(method) %(uri) %(status) %(size) worker=%(wid) ua=%(uagent) %(msecs)ms")) {
            HttpResponse<String> response = Http.send(
                    Http.request(drover.port(), "/shaped?x=1")
                            .header("User-Agent", "drover-test/1")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            drover.awaitLine(
                    Pattern.compile("^LOG GET /shaped\\?x=1 200 13 worker=1 ua=drover-test/1 \\d+ms$"),
                    Duration.ofSeconds(10));
        }
    }

    @Test
    void filtersLogMatchingRequestsWhenLoggingIsDisabled() throws Exception {
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                DroverProcess.FAULTY.toString(),
                "--set",
                "faulty.greeting=hi",
                "--disable-logging",
                "--log-5xx",
                "--log-slow",
                "500",
                "--log-format",
                "LOG %(uri) %(status)")) {
            assertEquals(200, Http.get(drover.port(), "/normal").statusCode());
            assertEquals(500, Http.get(drover.port(), "/boom").statusCode());
            assertEquals(200, Http.get(drover.port(), "/sleep?ms=700").statusCode());
            drover.awaitLine(Pattern.compile("^LOG /boom 500$"), Duration.ofSeconds(10));
            drover.awaitLine(Pattern.compile("^LOG /sleep\\?ms=700 200$"), Duration.ofSeconds(10));
            // one writer thread, in order: a line for /normal would have come first
            assertFalse(drover.lines().contains("LOG /normal 200"), drover.output());
        }
    }

    @Test
    void anUnknownVariableIsAnError() throws Exception {
        try (DroverProcess drover = DroverProcess.start(
                "--http", "127.0.0.1:0", "--app", DroverProcess.HELLO.toString(), "--log-format", "%(uri) %(nope)")) {
            assertEquals(2, drover.awaitExit(Duration.ofSeconds(30)));
            drover.awaitLine("drover: log-format: unknown variable %\\(nope\\) in '%\\(uri\\) %\\(nope\\)'; known: ");
        }
    }
}
