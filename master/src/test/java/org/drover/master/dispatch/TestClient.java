package org.drover.master.dispatch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.drover.wire.ResponseHead;
import org.eclipse.jetty.util.Callback;

/** A client of an exchange that keeps what it is sent; its writes complete at once. */
public final class TestClient implements Client {

    private final String method;
    private final String uri;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<ResponseHead> head = new CompletableFuture<>();
    /** Completes with null when the whole response was written, or with the failure. */
    private final CompletableFuture<Throwable> done = new CompletableFuture<>();

    private final java.util.concurrent.atomic.AtomicInteger heads = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger ends = new java.util.concurrent.atomic.AtomicInteger();

    public TestClient(String method, String uri) {
        this.method = method;
        this.uri = uri;
    }

    /** Waits for the response's end; returns the failure, or null if it was written whole. */
    public Throwable awaitEnd() throws Exception {
        return done.get(10, TimeUnit.SECONDS);
    }

    public boolean ended() {
        return done.isDone();
    }

    /** Whether the head was applied, yet. */
    public boolean headed() {
        return head.isDone();
    }

    /** Fails unless the head was applied at most once and the response ended exactly once. */
    public void assertCompletedOnce() {
        if (heads.get() > 1 || ends.get() != 1) {
            throw new AssertionError("head applied " + heads + " times, response ended " + ends + " times");
        }
    }

    public ResponseHead head() throws Exception {
        return head.get(10, TimeUnit.SECONDS);
    }

    public synchronized String body() {
        return body.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String protocol() {
        return "HTTP/1.1";
    }

    @Override
    public String path() {
        return uri;
    }

    @Override
    public String remoteAddr() {
        return "127.0.0.1";
    }

    @Override
    public String header(String name) {
        return null;
    }

    @Override
    public void head(ResponseHead head) {
        heads.incrementAndGet();
        this.head.complete(head);
    }

    @Override
    public void write(boolean last, ByteBuffer chunk, Callback callback) {
        synchronized (this) {
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            body.writeBytes(bytes);
        }
        callback.succeeded();
    }

    @Override
    public void succeeded() {
        ends.incrementAndGet();
        done.complete(null);
    }

    @Override
    public void failed(Throwable cause) {
        ends.incrementAndGet();
        done.complete(cause);
    }
}
