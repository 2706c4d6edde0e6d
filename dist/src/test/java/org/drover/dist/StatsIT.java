package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stats server: one JSON document per connection, and the same over HTTP. */
class StatsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void statsFollowTheRequestsInFlight() throws Exception {
        Path socket = dir.resolve("stats.sock");
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                DroverProcess.FAULTY.toString(),
                "-p",
                "2",
                "--threads",
                "2",
                "--set",
                "faulty.greeting=hi",
                "--stats",
                socket.toString(),
                "--stats-http",
                "127.0.0.1:0")) {
            JsonNode before = read(socket);
            assertEquals(drover.pid(), before.get("pid").asLong());
            assertEquals(2, before.get("workers").size());
            Set<Long> pids = new HashSet<>();
            drover.workers().forEach(worker -> pids.add(worker.pid()));
            for (JsonNode worker : before.get("workers")) {
                assertTrue(pids.contains(worker.get("pid").asLong()), worker.toString());
                assertEquals(2, worker.get("cores").size());
            }
            long requestsBefore = total(before, "requests");

            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                inFlight.add(CompletableFuture.supplyAsync(() -> get(drover, "/sleep?ms=4000")));
            }
            JsonNode during = awaitInRequest(socket, 2);
            try (DroverProcess top = DroverProcess.start("top", "--once", socket.toString())) {
                assertEquals(0, top.awaitExit(Duration.ofSeconds(30)), top.output());
                top.awaitLine("WID\\s+PID\\s+STATUS\\s+REQS");
                for (long pid : pids) {
                    top.awaitLine("^\\s+\\d\\s+" + pid + "\\s+(busy|idle)\\s");
                }
                top.awaitLine("^\\s+\\d/\\d\\s+GET\\s+/sleep\\?ms=4000\\s+\\d+\\.\\d s$");
            }
            for (JsonNode worker : during.get("workers")) {
                for (JsonNode core : worker.get("cores")) {
                    if (core.get("in_request").asInt() == 1) {
                        assertEquals("GET", core.get("method").asText());
                        assertEquals("/sleep?ms=4000", core.get("uri").asText());
                    }
                }
            }
            for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                assertEquals(200, request.get(30, TimeUnit.SECONDS).statusCode());
            }
            // tx and times are counted once the response has gone out, a moment after the client has it
            JsonNode after = awaitStats(socket, stats -> total(stats, "tx") > 0);
            assertEquals(0, inRequest(after));
            assertEquals(requestsBefore + 2, total(after, "requests"), "the two requests are counted");
            for (JsonNode worker : after.get("workers")) {
                // the workers report their JVM every second; -Xmx64m by default
                assertEquals(64L << 20, worker.get("jvm").get("heap_max").asLong(), 8L << 20, worker.toString());
            }

            int port = Integer.parseInt(drover.awaitLineFromStart("drover stats-http on http://127.0.0.1:(\\d+)/")
                    .group(1));
            JsonNode overHttp = JSON.readTree(Http.get(port, "/").body());
            assertEquals(after.get("workers").size(), overHttp.get("workers").size());
        }
    }

    private static JsonNode awaitInRequest(Path socket, int expected) throws Exception {
        return awaitStats(socket, stats -> inRequest(stats) == expected);
    }

    /** Reads the stats until they show what the test waits for; fails after 10 s. */
    private static JsonNode awaitStats(Path socket, java.util.function.Predicate<JsonNode> condition) throws Exception {
        return Poll.until(() -> read(socket), condition, Duration.ofSeconds(10));
    }

    private static int inRequest(JsonNode stats) {
        int busy = 0;
        for (JsonNode worker : stats.get("workers")) {
            for (JsonNode core : worker.get("cores")) {
                busy += core.get("in_request").asInt();
            }
        }
        return busy;
    }

    private static long total(JsonNode stats, String field) {
        long sum = 0;
        for (JsonNode worker : stats.get("workers")) {
            sum += worker.get(field).asLong();
        }
        return sum;
    }

    /** Connects, reads until the master closes, parses. */
    private static JsonNode read(Path socket) throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            while (channel.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return JSON.readTree(out.toByteArray());
        }
    }

    private static HttpResponse<String> get(DroverProcess drover, String path) {
        try {
            return Http.get(drover.port(), path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
