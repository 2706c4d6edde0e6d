package org.drover.dist;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady load from a few concurrent clients, each sending one request after another, that
 * counts every answer: statuses, connection errors, and the distinct bodies seen. Stops itself
 * after a time limit, so a test can never hang on it.
 */
final class Load implements AutoCloseable {

    private final List<Thread> clients = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, Long> problems = new ConcurrentHashMap<>();

    Load(int port, String path, int clients) {
        this(port, path, clients, null);
    }

    /** With a {@code body}, each client POSTs it and expects it echoed back; without, it GETs. */
    Load(int port, String path, int clients, byte[] body) {
        this(port, path, clients, body, 0);
    }

    /** One client that sends a request every {@code pauseMillis} or so: a trickle. */
    static Load trickle(int port, String path, long pauseMillis) {
        return new Load(port, path, 1, null, pauseMillis);
    }

    private Load(int port, String path, int clients, byte[] body, long pauseMillis) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (int i = 0; i < clients; i++) {
            Thread client = new Thread(
                    () -> {
                        while (running.get() && System.nanoTime() < deadline) {
                            try {
                                int status;
                                String text;
                                if (body == null) {
                                    HttpResponse<String> response = Http.get(port, path);
                                    status = response.statusCode();
                                    text = response.body();
                                } else {
                                    HttpResponse<byte[]> response = Http.post(port, path, body);
                                    status = java.util.Arrays.equals(body, response.body())
                                            ? response.statusCode()
                                            : 600; // a body that did not come back whole
                                    text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
                                }
                                if (status / 100 == 2) {
                                    ok.incrementAndGet();
                                } else {
                                    failed.incrementAndGet();
                                    problems.merge(status + " " + text.strip(), 1L, Long::sum);
                                }
                                if (pauseMillis > 0) {
                                    Thread.sleep(pauseMillis);
                                }
                            } catch (InterruptedException e) {
                                return;
                            } catch (Exception e) {
                                failed.incrementAndGet();
                                problems.merge(e.toString(), 1L, Long::sum);
                            }
                        }
                    },
                    "load-" + i);
            client.setDaemon(true);
            client.start();
            this.clients.add(client);
        }
    }

    /** Waits until {@code more} requests beyond those answered so far have succeeded. */
    void awaitMore(long more, Duration timeout) throws InterruptedException {
        long goal = ok.get() + more;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ok.get() < goal) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("load did not reach " + goal + " answers within " + timeout + ": " + this);
            }
            Thread.sleep(10);
        }
    }

    long ok() {
        return ok.get();
    }

    long failed() {
        return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(70_000);
        }
    }

    @Override
    public String toString() {
        return ok + " ok, " + failed + " failed " + problems;
    }
}
