package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * {@code Type=notify} against the built distribution: the test binds the notify socket systemd
 * would (abstract namespace), starts {@code bin/drover} with {@code NOTIFY_SOCKET} and {@code
 * WATCHDOG_USEC}, and reads what the master says through a start, a reload and a stop.
 */
class SystemdIT {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @Test
    void readyReloadingWatchdogAndStoppingReachSystemdFromTheMasterAlone() throws Exception {
        String name = "drover-it-" + UUID.randomUUID();
        try (UnixDatagramChannel systemd = UnixDatagramChannel.open().bind(new UnixSocketAddress("\0" + name))) {
            Thread reader = new Thread(() -> {
                ByteBuffer datagram = ByteBuffer.allocate(4096);
                try {
                    while (true) {
                        datagram.clear();
                        systemd.receive(datagram);
                        received.add(
                                StandardCharsets.UTF_8.decode(datagram.flip()).toString());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            reader.setDaemon(true);
            reader.start();
            try (DroverProcess drover = DroverProcess.start(
                    Map.of("NOTIFY_SOCKET", "@" + name, "WATCHDOG_USEC", "1000000"),
                    "--http",
                    "127.0.0.1:0",
                    "--app",
                    DroverProcess.HELLO.toString(),
                    "-p",
                    "1")) {
                String ready = await(message -> message.contains("READY=1"));
                drover.awaitReady();
                assertTrue(ready.contains("STATUS=serving: 1/1 workers ready"), ready);
                await(message -> message.equals("WATCHDOG=1\n"));
                // WATCHDOG_USEC is 1 s: a ping every half second, from the supervisor's turns.
                long counting = System.nanoTime();
                int pings = 0;
                while (System.nanoTime() - counting < TimeUnit.SECONDS.toNanos(3)) {
                    String message = received.poll(100, TimeUnit.MILLISECONDS);
                    if (message != null && message.contains("WATCHDOG=1")) {
                        pings++;
                    }
                }
                assertTrue(pings >= 3 && pings <= 8, pings + " watchdog pings in 3 s");

                long worker = Long.parseLong(drover.awaitLineFromStart("spawned drover worker 1 \\(pid: (\\d+)")
                        .group(1));
                String environ = Files.readString(Path.of("/proc/" + worker + "/environ"));
                assertFalse(environ.contains("NOTIFY_SOCKET="), "the worker does not see systemd's socket");
                assertFalse(environ.contains("WATCHDOG_USEC="), "nor its watchdog");

                long signalled = TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
                drover.signal("HUP");
                String reloading = await(message -> message.contains("RELOADING=1"));
                long monotonic = Long.parseLong(reloading.replaceAll("(?s).*MONOTONIC_USEC=(\\d+).*", "$1"));
                assertTrue(
                        monotonic >= signalled && monotonic - signalled < TimeUnit.SECONDS.toMicros(30),
                        "MONOTONIC_USEC " + monotonic + " is CLOCK_MONOTONIC, after the signal at " + signalled);
                String reloaded = await(message -> message.contains("READY=1"));
                assertTrue(reloaded.contains("last reload finished (generation 2)"), reloaded);

                drover.signal("TERM");
                String stopping = await(message -> message.contains("STOPPING=1"));
                assertTrue(stopping.contains("EXTEND_TIMEOUT_USEC="), stopping);
                assertEquals(0, drover.awaitExit(Duration.ofSeconds(30)));
            }
        }
    }

    /** The next message that matches, skipping the others (watchdog pings, status lines). */
    private String await(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String message = received.poll(1, TimeUnit.SECONDS);
            if (message != null && wanted.test(message)) {
                return message;
            }
        }
        throw new AssertionError("systemd was not told that within 60 s");
    }
}
