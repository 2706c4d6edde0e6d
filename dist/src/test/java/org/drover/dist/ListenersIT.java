package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** A second HTTP listener, and X-Forwarded-* believed only from the trusted proxies. */
class ListenersIT {

    @Test
    void httpSocketIsASecondListenerAndForwardedHeadersNeedATrustedPeer() throws Exception {
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                DroverProcess.ECHO.toString(),
                "--http-socket",
                "127.0.0.1:0",
                "--trusted-proxies",
                "127.0.0.1")) {
            Matcher ready =
                    drover.awaitLineFromStart("drover ready: 1×1 on http://127.0.0.1:(\\d+), http://127.0.0.1:(\\d+)");
            int second = Integer.parseInt(ready.group(2));
            HttpResponse<String> forwarded = Http.send(
                    Http.request(second, "/vars")
                            .header("X-Forwarded-For", "203.0.113.9")
                            .header("X-Forwarded-Proto", "https")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, forwarded.statusCode());
            assertTrue(forwarded.body().contains("REMOTE_ADDR=203.0.113.9\n"), forwarded.body());
            assertTrue(forwarded.body().contains("wsgi.url_scheme=https\n"), forwarded.body());
            assertTrue(forwarded.body().contains("HTTPS=on\n"), forwarded.body());
        }
        try (DroverProcess drover = DroverProcess.serve("--app", DroverProcess.ECHO.toString())) {
            HttpResponse<String> spoofed = Http.send(
                    Http.request(drover.port(), "/vars")
                            .header("X-Forwarded-For", "203.0.113.9")
                            .header("X-Forwarded-Proto", "https")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(spoofed.body().contains("REMOTE_ADDR=127.0.0.1\n"), "no trusted proxy: " + spoofed.body());
            assertTrue(spoofed.body().contains("wsgi.url_scheme=http\n"), spoofed.body());
            assertFalse(spoofed.body().contains("HTTPS=on"), spoofed.body());
        }
    }
}
