package org.drover.testapps;

import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.api.Config;
import org.drover.api.Environ;
import org.drover.api.StartResponse;
import org.drover.api.WorkerInfo;

/**
 * An app that misbehaves on request, for the integration tests: {@code /boom} throws,
 * {@code /boom-late} throws a second after its first chunk, {@code /exit} kills its worker, {@code /module} answers
 * a value bound by {@link FaultyModule},
 * {@code /sleep?ms=N} sleeps, {@code /spin} spins forever ignoring
 * interrupts, {@code /stuck} sleeps until interrupted, {@code /leak?mb=N} leaks N MB of native memory.
 * For the proxy tests: {@code /bytes?n=N} streams N bytes of a known pattern with no length,
 * {@code /status?code=N} answers that status with an {@code X-App} header, and
 * {@code /header?name=H} answers the value of request header H. For the streaming tests:
 * {@code /hold?key=K} streams a first chunk, then holds the last one until {@code /release?key=K}
 * is called (60 s at most), and {@code /drip?s=S} streams a line every 50 ms for S seconds.
 * Anything else answers {@code <greeting> <pid> <worker> <uri>}, the
 * greeting from {@code --set faulty.greeting=...}. With
 * {@code --set faulty.fail-at-load=true} its constructor throws; with
 * {@code --set faulty.hungry-at-load=MB} it allocates that many megabytes first (out of memory,
 * in a small heap).
 */
public final class FaultyApp implements Application, AutoCloseable {

    private final WorkerInfo worker;
    private final String greeting;
    private final String fromModule;
    /** The /hold requests waiting for their /release, by key. */
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

    @Inject
    public FaultyApp(
            Config config,
            WorkerInfo worker,
            @Named("faulty.greeting") String greeting,
            @Named("faulty.module") String fromModule) {
        if (config.getBoolean("faulty.fail-at-load", false)) {
            throw new IllegalStateException("faulty app refuses to load (faulty.fail-at-load=true)");
        }
        int hungry = config.getInt("faulty.hungry-at-load", 0);
        if (hungry > 0 && new byte[hungry << 20].length == 0) {
            throw new AssertionError("an array of " + hungry + " MB is not empty");
        }
        this.worker = worker;
        this.greeting = greeting;
        this.fromModule = fromModule;
    }

    /** Says so on stdout, so the tests see that a graceful stop closes the app. */
    @Override
    public void close() {
        System.out.println("faulty app closed in worker " + worker.index() + " (pid: " + worker.pid() + ")");
    }

    /** Native memory that is never released: direct buffers, touched so that they count in RSS. */
    private static final java.util.List<java.nio.ByteBuffer> LEAKED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A counted loop that ignores interrupts: only killing its worker ends it. */
    static long spinForever() {
        long sum = 0;
        while (sum >= 0) {
            for (int i = 0; i < 1_000_000; i++) {
                sum += i % 7;
            }
            sum &= 0xffff;
        }
        return sum;
    }

    private static void leakNative(int megabytes) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(megabytes * 1024 * 1024);
        for (int i = 0; i < buffer.capacity(); i += 4096) {
            buffer.put(i, (byte) 1);
        }
        LEAKED.add(buffer);
    }

    /** N bytes, byte i being i % 251, in chunks of 64 KiB. */
    static Body pattern(long n) {
        return new Body() {
            private long sent;

            @Override
            public byte[] next() {
                if (sent == n) {
                    return null;
                }
                byte[] chunk = new byte[(int) Math.min(64 * 1024, n - sent)];
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) ((sent + i) % 251);
                }
                sent += chunk.length;
                return chunk;
            }
        };
    }

    /** A first chunk now, the last one once {@code /release?key=K} is called. */
    private Body hold(String key) {
        CountDownLatch released = holds.computeIfAbsent(key, k -> new CountDownLatch(1));
        return new Body() {
            private int sent;

            @Override
            public byte[] next() throws IOException {
                switch (sent++) {
                    case 0:
                        return "first\n".getBytes(StandardCharsets.US_ASCII);
                    case 1:
                        try {
                            if (!released.await(60, TimeUnit.SECONDS)) {
                                throw new IOException("hold " + key + ": not released within 60 s");
                            }
                        } catch (InterruptedException e) {
                            throw new InterruptedIOException();
                        }
                        return "last\n".getBytes(StandardCharsets.US_ASCII);
                    default:
                        holds.remove(key, released);
                        return null;
                }
            }
        };
    }

    /** A line every 50 ms for the given time; the worker stops asking for lines when the client has gone. */
    private static Body drip(long seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        return new Body() {
            private int sent;

            @Override
            public byte[] next() throws IOException {
                if (System.nanoTime() > end) {
                    return null;
                }
                if (sent > 0) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException();
                    }
                }
                return ("drip " + sent++ + "\n").getBytes(StandardCharsets.US_ASCII);
            }
        };
    }

    @Override
    public Body call(Environ environ, StartResponse startResponse) throws Exception {
        switch (environ.pathInfo()) {
            case "/boom":
                throw new IllegalStateException("boom: the faulty app failed on purpose");
            case "/boom-late":
                startResponse.start(200, "Content-Type", "text/plain");
                return new Body() {
                    private boolean sent;

                    @Override
                    public byte[] next() throws java.io.IOException {
                        if (sent) {
                            // give the master time to send the first chunk to the client
                            try {
                                Thread.sleep(1000);
                            } catch (InterruptedException e) {
                                throw new java.io.InterruptedIOException();
                            }
                            throw new IllegalStateException("boom-late: failed after the first chunk");
                        }
                        sent = true;
                        return new byte[100];
                    }
                };
            case "/module":
                startResponse.start(200, "Content-Type", "text/plain");
                return Body.of(fromModule + "\n");
            case "/spin":
                spinForever();
                break;
            case "/stuck":
                Thread.sleep(Long.MAX_VALUE); // returns only when harakiri interrupts it
                break;
            case "/leak":
                leakNative(Integer.parseInt(environ.queryString().replaceFirst("^mb=", "")));
                break;
            case "/exit":
                Runtime.getRuntime().halt(9);
                return null;
            case "/bytes":
                startResponse.start(
                        200,
                        "Content-Type",
                        "application/octet-stream",
                        "X-Bytes",
                        environ.queryString().replaceFirst("^n=", ""));
                return pattern(Long.parseLong(environ.queryString().replaceFirst("^n=", "")));
            case "/status":
                int code = Integer.parseInt(environ.queryString().replaceFirst("^code=", ""));
                startResponse.start(code, "Content-Type", "text/plain", "X-App", "faulty", "X-App", "twice");
                return Body.of("status " + code + "\n");
            case "/header":
                startResponse.start(200, "Content-Type", "text/plain");
                return Body.of(environ.header(environ.queryString().replaceFirst("^name=", ""))
                        .orElse("(none)"));
            case "/hold":
                startResponse.start(200, "Content-Type", "text/plain");
                return hold(environ.queryString().replaceFirst("^key=", ""));
            case "/release":
                String key = environ.queryString().replaceFirst("^key=", "");
                holds.computeIfAbsent(key, k -> new CountDownLatch(1)).countDown();
                startResponse.start(200, "Content-Type", "text/plain");
                return Body.of("released " + key + "\n");
            case "/drip":
                startResponse.start(200, "Content-Type", "text/plain");
                return drip(Long.parseLong(environ.queryString().replaceFirst("^s=", "")));
            case "/sleep":
                Thread.sleep(Long.parseLong(environ.queryString().replaceFirst("^ms=", "")));
                break;
            default:
                break;
        }
        startResponse.start(200, "Content-Type", "text/plain");
        return Body.of(greeting + " " + worker.pid() + " " + worker.index() + " " + environ.requestUri() + "\n");
    }
}
