package org.drover.worker;

import static org.drover.worker.Frames.body;
import static org.drover.worker.Frames.describe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.api.Environ;
import org.drover.api.Header;
import org.drover.wire.Frame;
import org.drover.wire.MountTable;
import org.drover.wire.RequestHead;
import org.drover.worker.app.Mounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frames one response becomes, read back from a real Unix socket: HEAD, BODY chunks of at
 * most 64 KiB, END; a 500 or an END_FAILED when the app fails; nothing of the body for HEAD.
 */
class ResponseStreamTest {

    private static final int SLOT = 3;
    private static final String OK_TEXT = "slot 3 HEAD 200 OK [Content-Type, text/plain]";
    private static final String COMPLETE = "slot 3 END COMPLETE";
    private static final String FAILED = "slot 3 END FAILED 1";
    private static final List<String> ERROR_500 = List.of(
            "slot 3 HEAD 500 Internal Server Error [Content-Type, text/plain, Content-Length, 22]",
            "slot 3 BODY 22",
            COMPLETE);

    @TempDir
    Path dir;

    private FakeMaster master;
    private final WriteGuard guard = new WriteGuard();
    private SlotRequest request;
    /** What {@link #respond} caught from send, as the slot would log it. */
    private final AtomicReference<Throwable> thrown = new AtomicReference<>();

    @AfterEach
    void close() throws IOException {
        if (master != null) {
            master.close();
        }
    }

    private ResponseStream stream(String method) throws IOException {
        if (master == null) {
            master = FakeMaster.open(dir);
        }
        return streamOn(master, method);
    }

    private ResponseStream streamOn(FakeMaster on, String method) {
        request = new SlotRequest(
                SLOT, new RequestHead(Map.of("REQUEST_METHOD", method), Optional.empty()), on.writer(), guard);
        return new ResponseStream(SLOT, on.writer(), request, guard);
    }

    /** Sends the body as the slot does: a failure is answered with {@link ResponseStream#fail()}. */
    private void respond(ResponseStream response, Body body) {
        try {
            response.send(body);
        } catch (Throwable t) {
            thrown.set(t);
            response.fail();
        }
    }

    /** {@link #respond} on a thread of its own, the request thread, while this one reads the frames. */
    private CompletableFuture<Void> respondOnThread(ResponseStream response, Body body) {
        return CompletableFuture.runAsync(() -> respond(response, body), command -> {
            Thread thread = new Thread(command, "test-request-thread");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IOException("the test did not go on within 10 s");
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** A body of unknown length: these chunks, then the end. */
    private static Body streamed(String... chunks) {
        return Body.of(List.of(chunks).stream()
                .map(c -> c.getBytes(StandardCharsets.UTF_8))
                .toList());
    }

    // ---- pulled bodies ----

    @Test
    void aBodyOfKnownLengthGetsAContentLength() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");

        respond(response, Body.of("hello"));

        List<Frame> frames = master.response();
        assertEquals(
                List.of("slot 3 HEAD 200 OK [Content-Type, text/plain, Content-Length, 5]", "slot 3 BODY 5", COMPLETE),
                describe(frames));
        assertEquals("hello", Frames.text(frames));
    }

    @Test
    void aContentLengthTheAppSetIsNotAddedTwice() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "content-length", "5");

        respond(response, Body.of("hello"));

        assertEquals("slot 3 HEAD 200 OK [content-length, 5]", describe(master.next()));
    }

    @Test
    void aLargeBodyGoesInFramesOfAtMost64KiB() throws Exception {
        byte[] bytes = pattern(200_000);
        ResponseStream response = stream("GET");
        response.start(200);

        respond(response, Body.of(bytes));

        List<Frame> frames = master.response();
        assertEquals(
                List.of(
                        "slot 3 HEAD 200 OK [Content-Length, 200000]",
                        "slot 3 BODY 65536",
                        "slot 3 BODY 65536",
                        "slot 3 BODY 65536",
                        "slot 3 BODY 3392",
                        COMPLETE),
                describe(frames));
        assertArrayEquals(bytes, body(frames));
    }

    @Test
    void aStreamedBodySendsEachChunkBeforeItMakesTheNext() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");
        CountDownLatch firstArrived = new CountDownLatch(1);
        Body body = new Body() {
            private int made;

            @Override
            public byte[] next() throws IOException {
                if (made == 1) {
                    await(firstArrived); // a worker that held the first chunk back would fail here
                }
                return made < 2 ? ("chunk " + made++).getBytes(StandardCharsets.US_ASCII) : null;
            }
        };

        CompletableFuture<Void> sent = respondOnThread(response, body);

        assertEquals(OK_TEXT, describe(master.next()));
        assertEquals("slot 3 BODY 7", describe(master.next()));
        firstArrived.countDown();
        assertEquals(List.of("slot 3 BODY 7", COMPLETE), describe(master.response()));
        sent.get(10, TimeUnit.SECONDS);
        assertNull(thrown.get());
    }

    @Test
    void aFileBodyHasItsLengthAndComesInChunks() throws Exception {
        byte[] bytes = pattern(100_000);
        Path file = Files.write(dir.resolve("f.bin"), bytes);
        ResponseStream response = stream("GET");
        response.start(200);

        respond(response, Body.of(file));

        List<Frame> frames = master.response();
        assertEquals(
                List.of(
                        "slot 3 HEAD 200 OK [Content-Length, 100000]",
                        "slot 3 BODY 65536",
                        "slot 3 BODY 34464",
                        COMPLETE),
                describe(frames));
        assertArrayEquals(bytes, body(frames));
    }

    @Test
    void aHeadRequestGetsTheHeadAndNoBody() throws Exception {
        ResponseStream known = stream("HEAD");
        known.start(200, "Content-Type", "text/plain");
        respond(known, Body.of("hello"));
        assertEquals(
                List.of("slot 3 HEAD 200 OK [Content-Type, text/plain, Content-Length, 5]", COMPLETE),
                describe(master.response()));

        ResponseStream unknown = stream("HEAD");
        unknown.start(200, "Content-Type", "text/plain");
        respond(unknown, streamed("a", "b"));
        assertEquals(List.of(OK_TEXT, COMPLETE), describe(master.response()));
    }

    @Test
    void anExceptionBeforeAnyByteIsA500() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");

        respond(response, failingAfter(0, -1));

        assertEquals(ERROR_500, describe(master.response()));
        assertEquals("the body failed on purpose", thrown.get().getMessage());
    }

    /** A body of known length is batched: its first small chunk has not gone out when it fails. */
    @Test
    void anExceptionBeforeTheFirstBatchWentOutIsA500() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");

        respond(response, failingAfter(1, 1000));

        assertEquals(ERROR_500, describe(master.response()));
    }

    @Test
    void anExceptionAfterTheHeadWentOutEndsFailed() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");

        respond(response, failingAfter(1, -1));

        assertEquals(List.of(OK_TEXT, "slot 3 BODY 1", FAILED), describe(master.response()));
    }

    @Test
    void aHeadRequestThatFailsGetsA500WithoutItsBody() throws Exception {
        ResponseStream response = stream("HEAD");
        response.start(200);

        respond(response, failingAfter(0, -1));

        assertEquals(List.of(ERROR_500.get(0), COMPLETE), describe(master.response()));
    }

    @Test
    void noStartBeforeTheBodyIsA500() throws Exception {
        respond(stream("GET"), Body.of("hello"));

        assertEquals(ERROR_500, describe(master.response()));
        assertEquals(
                "the application did not call start_response before its body",
                thrown.get().getMessage());
    }

    @Test
    void aFailingBodyIsClosedOnce() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        Body body = new Body() {
            @Override
            public byte[] next() throws IOException {
                throw new IOException("fails");
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        ResponseStream response = stream("GET");
        response.start(200);

        respond(response, body);

        master.response();
        assertEquals(1, closed.get());
    }

    @Test
    void cancelStopsTheBodyAndEndsFailed() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicInteger pulled = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        Body body = new Body() {
            @Override
            public byte[] next() throws IOException {
                int n = pulled.incrementAndGet();
                if (n == 2) {
                    await(cancelled);
                }
                return n <= 100 ? new byte[] {'x'} : null; // ends, so that a broken cancel fails rather than hangs
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };

        CompletableFuture<Void> sent = respondOnThread(response, body);
        assertEquals(OK_TEXT, describe(master.next()));
        assertEquals("slot 3 BODY 1", describe(master.next()));
        request.cancel();
        cancelled.countDown();

        assertEquals(List.of(FAILED), describe(master.response()));
        sent.get(10, TimeUnit.SECONDS);
        assertEquals(2, pulled.get(), "no chunk is pulled after the cancel");
        assertEquals(1, closed.get());
    }

    // ---- start_response ----

    @Test
    void aSecondStartBeforeTheHeadWasSentReplacesTheFirst() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");
        response.start(404, "X-Second", "yes");

        respond(response, Body.of("gone"));

        assertEquals("slot 3 HEAD 404 Not Found [X-Second, yes, Content-Length, 4]", describe(master.next()));
    }

    @Test
    void aRejectedSecondStartLeavesTheFirst() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");
        assertThrows(IllegalArgumentException.class, () -> response.start("20 Short", List.of()));

        respond(response, streamed("x"));

        assertEquals(OK_TEXT, describe(master.next()));
    }

    @Test
    void aStartAfterTheHeadWasSentThrows() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");
        AtomicReference<RuntimeException> second = new AtomicReference<>();
        Body body = new Body() {
            private boolean sent;

            @Override
            public byte[] next() {
                if (!sent) {
                    sent = true;
                    return new byte[] {'x'};
                }
                second.set(assertThrows(IllegalStateException.class, () -> response.start("500 Oops", List.of())));
                return null;
            }
        };

        respond(response, body);

        assertEquals(List.of(OK_TEXT, "slot 3 BODY 1", COMPLETE), describe(master.response()));
        assertEquals(
                "start_response called after the response head was sent",
                second.get().getMessage());
    }

    @Test
    void aStatusWithoutAThreeDigitCodeIsRejected() throws IOException {
        ResponseStream response = stream("GET");

        for (String status : List.of("20 OK", "2000 OK", "abc", "099 Low", "-12 X", "")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> response.start(status, List.of()), status);
            assertEquals("status must start with a three-digit code, got '" + status + "'", e.getMessage());
        }
        response.start("299", List.of(new Header("A", "b")));
    }

    // ---- written bodies ----

    @Test
    void aWrittenBodySendsEachWriteAsItComes() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");
        CountDownLatch firstArrived = new CountDownLatch(1);

        CompletableFuture<Void> sent = respondOnThread(response, Body.writing(out -> {
            out.write("one".getBytes(StandardCharsets.US_ASCII));
            await(firstArrived); // a stream that held the first write back would fail here
            out.write("two!".getBytes(StandardCharsets.US_ASCII));
        }));

        assertEquals(OK_TEXT, describe(master.next()));
        assertEquals("slot 3 BODY 3", describe(master.next()));
        firstArrived.countDown();
        List<Frame> rest = master.response();
        assertEquals(List.of("slot 3 BODY 4", COMPLETE), describe(rest));
        assertEquals("two!", Frames.text(rest));
        sent.get(10, TimeUnit.SECONDS);
        assertNull(thrown.get());
    }

    @Test
    void aFlushBeforeAnyByteSendsTheHeadWithAnEmptyBodyFrameAtOnce() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");
        CountDownLatch headArrived = new CountDownLatch(1);

        CompletableFuture<Void> sent = respondOnThread(response, Body.writing(out -> {
            out.flush(); // a server-sent events stream says it is open before its first event
            await(headArrived);
            out.flush(); // the head has gone: nothing more to send
            out.write("event".getBytes(StandardCharsets.US_ASCII));
        }));

        assertEquals(OK_TEXT, describe(master.next()));
        assertEquals("slot 3 BODY 0", describe(master.next()), "the master's cue to pass the head on");
        headArrived.countDown();
        assertEquals(List.of("slot 3 BODY 5", COMPLETE), describe(master.response()));
        sent.get(10, TimeUnit.SECONDS);
        assertNull(thrown.get());
    }

    @Test
    void aLargeWriteGoesInFramesOfAtMost64KiBAndOffsetsAreKept() throws Exception {
        byte[] bytes = pattern(150_010);
        ResponseStream response = stream("GET");
        response.start(200);

        respond(response, Body.writing(out -> {
            out.write(bytes, 5, 150_000);
            out.write(bytes[150_005]);
        }));

        List<Frame> frames = master.response();
        assertEquals(
                List.of(
                        "slot 3 HEAD 200 OK []",
                        "slot 3 BODY 65536",
                        "slot 3 BODY 65536",
                        "slot 3 BODY 18928",
                        "slot 3 BODY 1",
                        COMPLETE),
                describe(frames));
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 5, 150_006), body(frames));
    }

    @Test
    void startMayBeCalledByTheWriterBeforeItsFirstWrite() throws Exception {
        ResponseStream response = stream("GET");

        respond(response, Body.writing(out -> {
            response.start(201, "Content-Type", "text/plain");
            out.write('x');
        }));

        assertEquals(
                List.of("slot 3 HEAD 201 Created [Content-Type, text/plain]", "slot 3 BODY 1", COMPLETE),
                describe(master.response()));
    }

    @Test
    void aWriterThatWritesNothingSendsTheHeadAndEnd() throws Exception {
        ResponseStream response = stream("GET");
        response.start(204);

        respond(response, Body.writing(out -> {}));

        assertEquals(List.of("slot 3 HEAD 204 No Content []", COMPLETE), describe(master.response()));
    }

    @Test
    void aWriterWithoutStartIsA500() throws Exception {
        respond(stream("GET"), Body.writing(out -> out.write('x')));

        assertEquals(ERROR_500, describe(master.response()));
        assertInstanceOf(IllegalStateException.class, thrown.get());
    }

    @Test
    void aWriterThatThrowsBeforeItsFirstWriteIsA500() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200);

        respond(response, Body.writing(out -> {
            throw new IllegalStateException("writer failed on purpose");
        }));

        assertEquals(ERROR_500, describe(master.response()));
        assertEquals("writer failed on purpose", thrown.get().getMessage());
    }

    @Test
    void aWriterThatThrowsAfterAWriteEndsFailed() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");

        respond(response, Body.writing(out -> {
            out.write('x');
            throw new InterruptedException("writer failed on purpose");
        }));

        assertEquals(List.of(OK_TEXT, "slot 3 BODY 1", FAILED), describe(master.response()));
    }

    @Test
    void aHeadRequestRunsTheWriterAndDropsWhatItWrites() throws Exception {
        ResponseStream response = stream("HEAD");
        response.start(200, "Content-Type", "text/plain");
        AtomicInteger writes = new AtomicInteger();

        respond(response, Body.writing(out -> {
            for (int i = 0; i < 3; i++) {
                out.write(new byte[100_000]);
                writes.incrementAndGet();
            }
        }));

        assertEquals(List.of(OK_TEXT, COMPLETE), describe(master.response()));
        assertEquals(3, writes.get());
    }

    @Test
    void aWriteAfterTheClientLeftThrowsAndTheResponseEndsFailed() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicReference<IOException> refused = new AtomicReference<>();

        CompletableFuture<Void> sent = respondOnThread(response, Body.writing(out -> {
            out.write('x');
            await(cancelled);
            refused.set(assertThrows(IOException.class, () -> out.write('y')));
            refused.set(assertThrows(IOException.class, () -> out.write(new byte[200_000])));
        }));
        assertEquals(OK_TEXT, describe(master.next()));
        assertEquals("slot 3 BODY 1", describe(master.next()));
        request.cancel();
        cancelled.countDown();

        assertEquals(List.of(FAILED), describe(master.response()));
        sent.get(10, TimeUnit.SECONDS);
        assertEquals("the client went away", refused.get().getMessage());
    }

    @Test
    void theStreamRefusesWritesAfterCloseAndAfterTheWriterReturned() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200);
        AtomicReference<OutputStream> leaked = new AtomicReference<>();
        AtomicReference<IOException> afterClose = new AtomicReference<>();

        respond(response, Body.writing(out -> {
            leaked.set(out);
            out.write('x');
            out.close();
            afterClose.set(assertThrows(IOException.class, () -> out.write('y')));
        }));
        assertEquals(List.of("slot 3 HEAD 200 OK []", "slot 3 BODY 1", COMPLETE), describe(master.response()));

        IOException late = assertThrows(IOException.class, () -> leaked.get().write('z'));

        assertEquals(
                "the response body was written after its stream was closed",
                afterClose.get().getMessage());
        assertEquals("the response body was written after its writer returned", late.getMessage());
        master.assertNothingFor(200);
    }

    @Test
    void onlyTheRequestThreadMayWrite() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200);
        AtomicReference<Throwable> fromOtherThread = new AtomicReference<>();

        respond(response, Body.writing(out -> {
            Thread other = new Thread(() -> {
                try {
                    out.write('x');
                } catch (Throwable t) {
                    fromOtherThread.set(t);
                }
            });
            other.start();
            other.join(10_000);
        }));

        assertEquals(List.of("slot 3 HEAD 200 OK []", COMPLETE), describe(master.response()));
        assertInstanceOf(IllegalStateException.class, fromOtherThread.get());
        assertTrue(
                fromOtherThread
                        .get()
                        .getMessage()
                        .startsWith("the response body must be written by its request" + " thread "),
                fromOtherThread.get().getMessage());
    }

    /**
     * A writer faster than the master: the writes wait for the connection instead of piling up
     * in memory, and all arrive once the master reads.
     */
    @Test
    void aWrittenBodyIsBoundedByTheConnection() throws Exception {
        master = FakeMaster.notReading(dir);
        ResponseStream response = streamOn(master, "GET");
        response.start(200);
        long total = 64L * 1024 * 1024;
        AtomicLong written = new AtomicLong();

        CompletableFuture<Void> sent = respondOnThread(response, Body.writing(out -> {
            byte[] chunk = new byte[64 * 1024];
            while (written.get() < total) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        }));
        long stalledAt = awaitStall(written);

        assertFalse(sent.isDone(), "the writer finished " + total + " bytes with nobody reading");
        assertTrue(stalledAt < 16 * 1024 * 1024, "the writer got " + stalledAt + " bytes out with nobody reading");
        master.startReading();
        List<Frame> frames = master.response();
        sent.get(30, TimeUnit.SECONDS);
        assertEquals(total, body(frames).length);
        assertEquals(COMPLETE, describe(frames.get(frames.size() - 1)));
    }

    /** Waits until the count has moved and then stops moving for half a second, and returns it. */
    private static long awaitStall(AtomicLong count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(count.get() > 0, "the writer wrote nothing within 20 s");
        long last = -1;
        long seen = count.get();
        while (seen != last && System.nanoTime() < deadline) {
            last = seen;
            Thread.sleep(500);
            seen = count.get();
        }
        return seen;
    }

    /**
     * Harakiri's interrupt can land while the writer writes: the write still goes out, the
     * shared connection stays open (an interrupted thread that touches an NIO channel closes
     * it), and the interrupt is kept for the request thread.
     */
    @Test
    void anInterruptedRequestThreadWritesWithoutClosingTheConnection() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200);
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();

        respond(response, Body.writing(out -> {
            Thread.currentThread().interrupt();
            out.write('x');
            interruptedAfter.set(Thread.interrupted());
        }));

        assertEquals(List.of("slot 3 HEAD 200 OK []", "slot 3 BODY 1", COMPLETE), describe(master.response()));
        assertTrue(master.workerEnd().isOpen(), "the connection was closed by the interrupt");
        assertEquals(Boolean.TRUE, interruptedAfter.get(), "the interrupt was lost");
        assertNull(thrown.get());
    }

    @Test
    void aMountedAppsWriterRunsInTheAppsClassLoader() throws Exception {
        AtomicReference<ClassLoader> writingIn = new AtomicReference<>();
        Application app = (environ, start) -> {
            start.start(200);
            return Body.writing(out -> {
                writingIn.set(Thread.currentThread().getContextClassLoader());
                out.write('x');
            });
        };
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader appLoader = new URLClassLoader(new URL[0])) {
            respondMounted(app, appLoader);

            assertEquals(List.of("slot 3 HEAD 200 OK []", "slot 3 BODY 1", COMPLETE), describe(master.response()));
            assertSame(appLoader, writingIn.get());
            assertSame(before, Thread.currentThread().getContextClassLoader());
        }
    }

    /** Responds with the app mounted at /app, in its own class loader, as a request for /app/x. */
    private void respondMounted(Application app, ClassLoader appLoader) throws Exception {
        MountTable.Mount at = new MountTable.Mount("/app", "app", "x.App", 0);
        Mounts mounts = new Mounts(
                new MountTable(List.of(List.of()), List.of(at)), List.of(new Mounts.Mount(at, app, appLoader)));
        ResponseStream response = stream("GET");
        respond(response, mounts.call(new Environ(Map.of("PATH_INFO", "/app/x"), request.body()), response));
    }

    // ---- buffered written bodies ----

    @Test
    void aBufferedBodyHeldUntilTheWriterReturnedIsOneFrameWithItsLength() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");

        respond(response, Body.buffered(out -> {
            out.write("one".getBytes(StandardCharsets.US_ASCII));
            out.write('+');
            out.write("two".getBytes(StandardCharsets.US_ASCII));
        }));

        List<Frame> frames = master.response();
        assertEquals(
                List.of("slot 3 HEAD 200 OK [Content-Type, text/plain, Content-Length, 7]", "slot 3 BODY 7", COMPLETE),
                describe(frames));
        assertEquals("one+two", Frames.text(frames));
        assertNull(thrown.get());
    }

    @Test
    void aBufferedBodyGoesOutAtEachFlushAndIsThenStreamed() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");
        CountDownLatch firstArrived = new CountDownLatch(1);

        CompletableFuture<Void> sent = respondOnThread(response, Body.buffered(out -> {
            out.write("data: 1\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await(firstArrived); // a stream that held the flushed event back would fail here
            out.flush(); // nothing held: nothing to send
            out.write("data: 2\n\n".getBytes(StandardCharsets.US_ASCII));
        }));

        assertEquals(OK_TEXT, describe(master.next()), "no Content-Length: the body was not all held");
        assertEquals("slot 3 BODY 9", describe(master.next()));
        firstArrived.countDown();
        assertEquals(List.of("slot 3 BODY 9", COMPLETE), describe(master.response()));
        sent.get(10, TimeUnit.SECONDS);
        assertNull(thrown.get());
    }

    @Test
    void aBufferedFlushBeforeAnyByteSendsTheHeadAlone() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");
        CountDownLatch headArrived = new CountDownLatch(1);

        CompletableFuture<Void> sent = respondOnThread(response, Body.buffered(out -> {
            out.flush();
            await(headArrived);
            out.write("event".getBytes(StandardCharsets.US_ASCII));
        }));

        assertEquals(OK_TEXT, describe(master.next()));
        assertEquals("slot 3 BODY 0", describe(master.next()));
        headArrived.countDown();
        assertEquals(List.of("slot 3 BODY 5", COMPLETE), describe(master.response()));
        sent.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLargeBufferedBodyLeavesInFullFramesAsItIsWritten() throws Exception {
        byte[] bytes = pattern(150_010);
        ResponseStream response = stream("GET");
        response.start(200);

        respond(response, Body.buffered(out -> {
            for (int at = 5; at < 150_005; at += 1000) {
                out.write(bytes, at, 1000);
            }
            out.write(bytes[150_005]);
        }));

        List<Frame> frames = master.response();
        assertEquals(
                List.of(
                        "slot 3 HEAD 200 OK []",
                        "slot 3 BODY 65536",
                        "slot 3 BODY 65536",
                        "slot 3 BODY 18929",
                        COMPLETE),
                describe(frames));
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 5, 150_006), body(frames));
    }

    @Test
    void aBufferedBodyThatThrowsBeforeAnythingWentOutIsA500() throws Exception {
        ResponseStream response = stream("GET");
        response.start(200, "Content-Type", "text/plain");

        respond(response, Body.buffered(out -> {
            out.write("half a page".getBytes(StandardCharsets.US_ASCII));
            throw new IllegalStateException("writer failed on purpose");
        }));

        assertEquals(ERROR_500, describe(master.response()), "what was held is dropped");
    }

    @Test
    void aBufferedHeadRequestGetsItsHeadWithTheEnd() throws Exception {
        ResponseStream response = stream("HEAD");
        response.start(200, "Content-Type", "text/plain");

        respond(response, Body.buffered(out -> out.write(new byte[100_000])));

        assertEquals(List.of(OK_TEXT, COMPLETE), describe(master.response()));
    }

    @Test
    void aMountedAppsBufferedBodyStaysBuffered() throws Exception {
        Application app = (environ, start) -> {
            start.start(200);
            return Body.buffered(out -> {
                out.write('x');
                out.write('y');
            });
        };
        try (URLClassLoader appLoader = new URLClassLoader(new URL[0])) {
            respondMounted(app, appLoader);

            assertEquals(
                    List.of("slot 3 HEAD 200 OK [Content-Length, 2]", "slot 3 BODY 2", COMPLETE),
                    describe(master.response()));
        }
    }

    // ---- bodies for the tests ----

    /** A body that yields {@code chunks} one-byte chunks and then throws; its length as given. */
    private static Body failingAfter(int chunks, long length) {
        return new Body() {
            private int yielded;

            @Override
            public byte[] next() throws IOException {
                if (yielded == chunks) {
                    throw new IOException("the body failed on purpose");
                }
                yielded++;
                return new byte[] {'x'};
            }

            @Override
            public long length() {
                return length;
            }
        };
    }

    private static byte[] pattern(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return bytes;
    }
}
