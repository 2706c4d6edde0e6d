package org.drover.servlet;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.api.Environ;

/**
 * A worker slot: one request thread, named as the worker names its own, that calls the app and
 * then runs the body's writer (or pulls its chunks), as the worker's {@code Slot} does.
 */
final class TestSlot implements AutoCloseable {

    private final ExecutorService executor;
    private volatile Thread thread;

    TestSlot(int index) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "drover-request-" + index);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.submit(() -> {}); // the thread exists from here on
        while (thread == null) {
            Thread.onSpinWait();
        }
    }

    Thread thread() {
        return thread;
    }

    /** Starts the request on the slot thread; the response records what it sends. */
    TestResponse start(Application app, TestRequest request) {
        TestResponse response = new TestResponse(thread);
        Environ environ = request.environ();
        Future<?> unused = executor.submit(() -> {
            Throwable failure = null;
            try {
                Body body = app.call(environ, response);
                try (body) {
                    Optional<Body.Writer> writer = body.writer();
                    if (writer.isPresent()) {
                        writer.get().writeTo(response.out);
                    } else {
                        for (byte[] chunk = body.next(); chunk != null; chunk = body.next()) {
                            response.out.write(chunk);
                        }
                    }
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                Thread.interrupted(); // as the worker's WriteGuard.clear(): no interrupt for the next request
                try {
                    environ.input().close();
                } catch (java.io.IOException e) {
                    // closing a test body does not fail
                }
                response.finish(failure);
            }
        });
        return response;
    }

    /** Runs the request and waits for its end. */
    TestResponse call(Application app, TestRequest request) throws InterruptedException {
        return start(app, request).await();
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
