package org.drover.worker;

import static org.drover.worker.Frames.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request body as the app reads it, and the CREDIT frames that reading sends back over a real socket. */
class BodyInputTest {

    private static final int SLOT = 5;

    @TempDir
    Path dir;

    private FakeMaster master;
    private BodyInput input;

    @BeforeEach
    void open() throws IOException {
        master = FakeMaster.open(dir);
        input = new BodyInput(SLOT, master.writer(), new WriteGuard());
    }

    @AfterEach
    void close() throws IOException {
        master.close();
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i + 1);
        }
        return bytes;
    }

    /** A read on a thread of its own, which may block. */
    private CompletableFuture<Integer> readLater(byte[] into) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return input.read(into, 0, into.length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Throwable failureOf(CompletableFuture<?> read) throws InterruptedException {
        ExecutionException e = assertThrows(ExecutionException.class, () -> read.get(10, TimeUnit.SECONDS));
        return e.getCause() instanceof java.io.UncheckedIOException unchecked ? unchecked.getCause() : e.getCause();
    }

    @Test
    void aChunkIsCreditedOnceItHasBeenReadWhole() throws Exception {
        input.add(bytes(10));
        byte[] buffer = new byte[4];

        assertEquals(4, input.read(buffer, 0, 4));
        master.assertNothingFor(200);
        assertEquals(4, input.read(buffer, 0, 4));
        assertEquals(2, input.read(buffer, 0, 4));

        assertEquals("slot 5 CREDIT 10", describe(master.next()));
        assertEquals(9, buffer[0]);
        assertEquals(10, buffer[1]);
    }

    @Test
    void oneReadTakesFromOneChunkAndCreditsIt() throws Exception {
        input.add(bytes(10));
        input.add(bytes(5));
        byte[] buffer = new byte[100];

        assertEquals(10, input.read(buffer, 0, 100));
        assertEquals("slot 5 CREDIT 10", describe(master.next()));
        assertEquals(5, input.available());
        assertEquals(5, input.read(buffer, 0, 100));
        assertEquals("slot 5 CREDIT 5", describe(master.next()));
    }

    @Test
    void aCreditFromAnInterruptedThreadOfTheAppsOwnLeavesTheConnectionOpen() throws Exception {
        input.add(bytes(4));
        input.add(bytes(6));
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().interrupt(); // as a servlet container's pool may be, any time
            try {
                return input.read(new byte[4], 0, 4);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        assertEquals(4, read.get(10, TimeUnit.SECONDS));
        assertEquals("slot 5 CREDIT 4", describe(master.next()));
        assertEquals(6, input.read(new byte[8], 0, 8));
        assertEquals("slot 5 CREDIT 6", describe(master.next()), "the connection is still open");
    }

    @Test
    void theEndComesAfterTheLastChunk() throws Exception {
        input.add(bytes(3));
        input.end();
        input.add(bytes(7)); // after the end: dropped

        assertEquals(3, input.readAllBytes().length);
        assertEquals(-1, input.read());
        assertEquals(-1, input.read(new byte[1], 0, 1));
        assertEquals(0, input.available());
    }

    @Test
    void emptyChunksAreDropped() throws Exception {
        input.add(new byte[0]);
        input.end();

        assertEquals(-1, input.read());
        master.assertNothingFor(100);
    }

    @Test
    void aSingleByteReadIsUnsigned() throws Exception {
        input.add(new byte[] {(byte) 0xff});

        assertEquals(255, input.read());
        assertEquals(0, input.read(new byte[4], 0, 0));
    }

    @Test
    void aReadWaitsForTheNextChunk() throws Exception {
        CompletableFuture<Integer> read = readLater(new byte[8]);
        Thread.sleep(100);
        assertTrue(!read.isDone(), "the read returned before a chunk came");

        input.add(bytes(6));

        assertEquals(6, read.get(10, TimeUnit.SECONDS));
    }

    @Test
    void cancelFailsAWaitingReadAndLaterOnes() throws Exception {
        CompletableFuture<Integer> read = readLater(new byte[8]);

        input.cancel();

        assertEquals("the client went away", failureOf(read).getMessage());
        input.add(bytes(3));
        assertEquals(
                "the client went away",
                assertThrows(IOException.class, input::read).getMessage());
    }

    @Test
    void closeFailsAWaitingReadAndDropsLaterChunks() throws Exception {
        CompletableFuture<Integer> read = readLater(new byte[8]);
        Thread.sleep(100);
        assertTrue(!read.isDone(), "the read returned before the close");

        input.close();
        input.add(bytes(3));

        assertEquals(
                "request body read after the request finished", failureOf(read).getMessage());
        assertEquals(
                "request body read after the request finished",
                assertThrows(IOException.class, input::read).getMessage());
        assertEquals(0, input.available(), "a chunk after the close is held");
        master.assertNothingFor(100);
    }

    @Test
    void anInterruptedReadThrowsAndKeepsTheInterrupt() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                input.read();
            } catch (IOException e) {
                failure.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        reader.start();
        Thread.sleep(100);

        reader.interrupt();
        reader.join(10_000);

        assertInstanceOf(InterruptedIOException.class, failure.get());
        assertEquals(Boolean.TRUE, stillInterrupted.get());
    }

    /** The credit is a write to the shared connection: harakiri's interrupt must not close it. */
    @Test
    void anInterruptedThreadSendsItsCreditWithoutClosingTheConnection() throws Exception {
        input.add(bytes(4));
        Thread.currentThread().interrupt();
        try {
            assertEquals(4, input.read(new byte[4], 0, 4));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was lost");
        } finally {
            Thread.interrupted();
        }

        assertEquals("slot 5 CREDIT 4", describe(master.next()));
        assertTrue(master.workerEnd().isOpen(), "the connection was closed by the interrupt");
    }
}
