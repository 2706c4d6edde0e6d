package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An unmodified Spring Boot 4 WAR ({@code SpringBootServletInitializer}, Spring MVC) served by
 * one worker with the defaults a webapp's worker gets: it starts through its initializer, reads
 * the operator's {@code NAME.key} values as properties, answers through Spring's error handling,
 * builds {@code Location} headers that point back to the address the client used, and is
 * destroyed by a graceful stop.
 */
class SpringIT {

    @Test
    void aSpringBootWarServesWithTheDefaultsAndStopsCleanly() throws Exception {
        long start = System.nanoTime();
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                Webapps.SPRING.toString(),
                "--threads",
                "4",
                "--set",
                "spring-webapp.drover.greeting=from drover")) {
            System.out.printf(
                    "SpringIT: launch to ready in %.1f s%n", (System.nanoTime() - start) / 1e9); // for the record
            assertEquals(
                    "Hello from Spring Boot\n",
                    Http.get(drover.port(), "/hello").body());
            assertEquals("from drover\n", Http.get(drover.port(), "/env").body(), "an init parameter is a property");
            assertEquals(
                    "{\"app\":\"drover-webapp-spring\",\"greeting\":\"from drover\"}",
                    Http.get(drover.port(), "/json").body());

            HttpResponse<String> boom = Http.get(drover.port(), "/boom");
            assertEquals(500, boom.statusCode());
            assertTrue(boom.body().contains("boom from spring"), boom.body());

            HttpResponse<String> created = Http.send(
                    Http.request(drover.port(), "/items")
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(
                    "http://127.0.0.1:" + drover.port() + "/items/7",
                    created.headers().firstValue("Location").orElse(""));

            List<ProcessHandle> workers = drover.workers();
            drover.signal("TERM");
            assertEquals(0, drover.awaitExit(Duration.ofSeconds(60)), drover.output());
            for (ProcessHandle worker : workers) {
                assertTrue(worker.onExit().get(10, TimeUnit.SECONDS) != null);
            }
            assertTrue(drover.output().contains("drover: stopped"), drover.output());
        }
    }
}
