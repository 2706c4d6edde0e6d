package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A worker that stops reading (SIGSTOP, as a long pause would) never stalls the master: the
 * requests sent to it wait in the master's queue for its socket, and every other client is served
 * by the other worker meanwhile. The requests here are large enough (about 120 KB of headers
 * each) that the stopped worker's socket fills up: a master that wrote to it from Jetty's
 * selector thread would block that thread, and with it every connection.
 */
class StalledWorkerIT {

    private static final String BIG = "a".repeat(58_000);

    @Test
    void aStoppedWorkerDoesNotStallTheOtherClients() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        long stopped = -1;
        try (DroverProcess drover = DroverProcess.serve(
                "--app",
                DroverProcess.HELLO.toString(),
                "-p",
                "2",
                "--threads",
                "4",
                "--buffer-size",
                "65536",
                "--stats-http",
                "127.0.0.1:0")) {
            stopped = Long.parseLong(drover.awaitLineFromStart("spawned drover worker 1 \\(pid: (\\d+)")
                    .group(1));
            // Connections kept alive: Jetty reads their next request on its selector thread.
            List<Raw> connections = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Raw raw = new Raw(drover.port());
                connections.add(raw);
                raw.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                String head = raw.readHead();
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                raw.readBytes(Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1")));
            }
            signal("STOP", stopped);

            // The session cookie sends all four to worker 1 while it has a free slot.
            List<Future<String>> toStopped = new ArrayList<>();
            for (Raw raw : connections) {
                toStopped.add(clients.submit(() -> bigRequest(raw)));
            }
            awaitBusySlots(statsPort(drover), 4); // all on worker 1: the other clients go to worker 2
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                assertEquals(200, Http.get(drover.port(), "/").statusCode(), "request " + i + " to worker 2");
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < 10_000, "request " + i + " took " + millis + " ms");
            }

            signal("CONT", stopped);
            for (Future<String> request : toStopped) {
                assertTrue(request.get(30, TimeUnit.SECONDS).startsWith("HTTP/1.1 200"), "a request to worker 1");
            }
        } finally {
            if (stopped > 0) {
                new ProcessBuilder("kill", "-CONT", Long.toString(stopped))
                        .start()
                        .waitFor(); // gone already, or not
            }
            clients.shutdownNow();
        }
    }

    /** A GET with about 58 KB in one header, for worker 1's session; returns the response head. */
    private static String bigRequest(Raw raw) throws Exception {
        try (raw) {
            raw.send("GET / HTTP/1.1\r\nHost: localhost\r\nCookie: JSESSIONID=abc.w1\r\nX-Big: " + BIG
                    + "\r\nConnection: close\r\n\r\n");
            return raw.readHead();
        }
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
        assertEquals(0, kill.waitFor(), "kill -" + name + " " + pid);
    }

    private static int statsPort(DroverProcess drover) {
        return Integer.parseInt(drover.awaitLineFromStart("drover stats-http on http://127.0.0.1:(\\d+)/")
                .group(1));
    }

    /** Waits until the stats show this many requests at the workers. */
    private static void awaitBusySlots(int statsPort, int busy) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String stats;
        do {
            stats = Http.get(statsPort, "/").body();
            if (count(stats, "\"in_request\":1") >= busy) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not " + busy + " requests at the workers within 30 s:\n" + stats);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
