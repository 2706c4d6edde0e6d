package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling out: two Drover instances in one nginx {@code upstream}, under steady GET and POST
 * load from 4 clients, while one of them is reloaded and then stopped with SIGTERM and a drain
 * delay. nginx goes on serving through both with 0 failed requests; a prober on the stopping
 * instance's {@code /readyz}, as a kubelet would, sees 503 while its listener is still open.
 */
class ScaleOutIT {

    private static DroverProcess instance(Path socket) throws Exception {
        return DroverProcess.start(
                        "--socket",
                        socket.toString(),
                        "--app",
                        DroverProcess.ECHO.toString(),
                        "-p",
                        "1",
                        "--threads",
                        "4",
                        "--metrics",
                        "127.0.0.1:0",
                        "--drain-delay",
                        "2",
                        "--disable-logging")
                .awaitReady();
    }

    @Test
    void oneInstanceReloadedThenDrainedAndStoppedWhileNginxServesOnWithNoFailedRequest(@TempDir Path dir)
            throws Exception {
        Path a = dir.resolve("a.sock");
        Path b = dir.resolve("b.sock");
        Path front = Files.createDirectory(dir.resolve("nginx"));
        try (DroverProcess first = instance(a);
                DroverProcess second = instance(b);
                Nginx nginx = Nginx.start(
                        front,
                        Map.of("drover", "drover"),
                        "upstream drover {\n  server unix:" + a + ";\n  server unix:" + b + ";\n}\n")) {
            int metrics = Integer.parseInt(first.awaitLineFromStart("drover metrics on http://127.0.0.1:(\\d+)/metrics")
                    .group(1));
            int port = nginx.port("drover");
            byte[] body = "a body that comes back\n".getBytes(StandardCharsets.UTF_8);
            try (Load gets = new Load(port, "/", 2);
                    Load posts = new Load(port, "/echo", 2, body)) {
                gets.awaitMore(50, Duration.ofSeconds(30));
                posts.awaitMore(50, Duration.ofSeconds(30));

                first.signal("HUP");
                first.awaitLine("reload finished");
                gets.awaitMore(50, Duration.ofSeconds(30));
                posts.awaitMore(50, Duration.ofSeconds(30));

                // The prober: what /readyz says, and whether the instance still took connections then.
                AtomicBoolean sawNotReadyWhileListening = new AtomicBoolean();
                AtomicBoolean probing = new AtomicBoolean(true);
                CompletableFuture<Void> prober = CompletableFuture.runAsync(() -> {
                    while (probing.get() && !sawNotReadyWhileListening.get()) {
                        try {
                            HttpResponse<String> ready = Http.get(metrics, "/readyz");
                            if (ready.statusCode() == 503 && Files.exists(a)) {
                                sawNotReadyWhileListening.set(true);
                            }
                            Thread.sleep(100);
                        } catch (Exception gone) {
                            return;
                        }
                    }
                });
                first.signal("TERM");
                first.awaitLine("SIGTERM: draining for 2 s");
                assertEquals(0, first.awaitExit(Duration.ofSeconds(60)), first.output());
                probing.set(false);
                prober.join();
                assertTrue(sawNotReadyWhileListening.get(), "the prober saw 503 before the listener closed");
                assertFalse(Files.exists(a), "the stopped instance's socket is gone");

                gets.awaitMore(50, Duration.ofSeconds(30));
                posts.awaitMore(50, Duration.ofSeconds(30));
                gets.close();
                posts.close();
                assertEquals(0, gets.failed(), "GET: " + gets);
                assertEquals(0, posts.failed(), "POST: " + posts);
            }
        }
    }
}
