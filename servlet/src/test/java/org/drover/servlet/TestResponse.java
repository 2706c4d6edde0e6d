package org.drover.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.drover.api.Header;
import org.drover.api.StartResponse;

/**
 * What an app sent, recorded as the worker's {@code ResponseStream} takes it: {@code start} may
 * be called again until the first write, each write is sent as it comes, and only the request
 * thread may write, while the writer runs (another thread's write throws, and is recorded as a
 * violation).
 */
final class TestResponse implements StartResponse {

    private final Thread requestThread;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final List<String> chunks = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    final CountDownLatch firstWrite = new CountDownLatch(1);
    final CountDownLatch done = new CountDownLatch(1);
    private String status;
    private List<Header> headers;
    private boolean headSent;
    private boolean finished;
    private volatile Throwable failure;

    TestResponse(Thread requestThread) {
        this.requestThread = requestThread;
    }

    @Override
    public synchronized void start(String status, List<Header> headers) {
        if (headSent) {
            throw new IllegalStateException("start_response called after the response head was sent");
        }
        this.status = status;
        this.headers = List.copyOf(headers);
    }

    /** The stream a written body gets. */
    final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int count) throws IOException {
            synchronized (TestResponse.this) {
                if (Thread.currentThread() != requestThread) {
                    violations.add("write from " + Thread.currentThread().getName());
                    throw new IllegalStateException(
                            "the response body must be written by its request thread " + requestThread.getName()
                                    + ", not by " + Thread.currentThread().getName());
                }
                if (finished) {
                    violations.add("write after the writer returned");
                    throw new IOException("the response body was written after its writer returned");
                }
                if (count == 0) {
                    return;
                }
                if (status == null) {
                    violations.add("write before start_response");
                    throw new IllegalStateException("the application did not call start_response before its body");
                }
                headSent = true;
                body.write(bytes, offset, count);
                chunks.add(new String(bytes, offset, count, StandardCharsets.UTF_8));
            }
            firstWrite.countDown();
        }
    };

    synchronized void finish(Throwable failure) {
        this.failure = failure;
        finished = true;
        done.countDown();
    }

    TestResponse await() throws InterruptedException {
        if (!done.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the response did not end in 20 s; so far " + chunks);
        }
        synchronized (this) {
            if (!violations.isEmpty()) {
                throw new AssertionError("violations " + violations);
            }
        }
        return this;
    }

    synchronized int status() {
        return status == null ? -1 : Integer.parseInt(status.substring(0, 3));
    }

    synchronized String statusLine() {
        return status;
    }

    synchronized List<Header> headers() {
        return headers;
    }

    synchronized String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    synchronized List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        if (headers != null) {
            for (Header h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    values.add(h.value());
                }
            }
        }
        return values;
    }

    synchronized String text() {
        return body.toString(StandardCharsets.UTF_8);
    }

    synchronized int length() {
        return body.size();
    }

    /** The writer's exception, or null when it returned. */
    Throwable failure() {
        return failure;
    }

    /** The value of "key=" in a body of key=value lines. */
    String line(String key) {
        for (String line : text().split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        throw new AssertionError("no " + key + "= in\n" + text());
    }
}
