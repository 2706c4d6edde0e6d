package org.drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Harakiri's interrupt never reaches a request thread while it writes to the shared connection. */
class WriteGuardTest {

    private final WriteGuard guard = new WriteGuard();

    @Test
    void anInterruptOutsideAWriteIsDeliveredAtOnce() throws Exception {
        CountDownLatch attached = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread thread = sleeper(attached, interrupted);
        thread.start();
        assertTrue(attached.await(10, TimeUnit.SECONDS));

        guard.interrupt();

        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the thread was not interrupted");
        thread.join(10_000);
    }

    @Test
    void anInterruptDuringAWriteWaitsForItsEnd() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch interruptSent = new CountDownLatch(1);
        AtomicBoolean interruptedWhileWriting = new AtomicBoolean(true);
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            guard.attach();
            guard.beginWrite();
            writing.countDown();
            try {
                interruptSent.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return; // interrupted during the write: interruptedWhileWriting stays true
            }
            interruptedWhileWriting.set(Thread.currentThread().isInterrupted());
            guard.endWrite();
            interruptedAfter.set(Thread.interrupted());
        });
        thread.start();
        assertTrue(writing.await(10, TimeUnit.SECONDS));

        guard.interrupt();
        interruptSent.countDown();
        thread.join(10_000);

        assertFalse(interruptedWhileWriting.get(), "the thread was interrupted in the middle of its write");
        assertTrue(interruptedAfter.get(), "the interrupt was not delivered after the write");
    }

    @Test
    void anInterruptAlreadyPendingIsHeldDuringTheWriteAndRestoredAfter() {
        guard.attach();
        Thread.currentThread().interrupt();
        try {
            guard.beginWrite();
            assertFalse(Thread.currentThread().isInterrupted(), "the write would see the interrupt");
            guard.endWrite();
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void detachDropsAnInterruptMeantForTheRequestThatReturned() {
        guard.attach();
        guard.beginWrite();
        guard.interrupt();
        guard.endWrite(); // delivers the waiting interrupt
        guard.detach();

        assertFalse(Thread.interrupted(), "the interrupt flag survived detach()");
        assertEquals(null, guard.thread());

        guard.interrupt();
        assertFalse(Thread.interrupted(), "an interrupt after detach() reached the thread");
    }

    /**
     * The master may put a slot's next request on the wire as soon as it has the previous one's
     * END; another request thread may then run it before the first has finished its request.
     */
    @Test
    void aThreadFinishingLateLeavesTheGuardToTheSlotsNextThread() throws Exception {
        CountDownLatch attached = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread next = sleeper(attached, interrupted);
        guard.attach();
        next.start();
        assertTrue(attached.await(10, TimeUnit.SECONDS));

        guard.detach(); // this thread's request has ended; the other thread holds the guard

        assertEquals(next, guard.thread());
        guard.interrupt();
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the slot's next thread was not interrupted");
        assertFalse(Thread.interrupted());
        next.join(10_000);
    }

    @Test
    void anInterruptWithNoThreadAttachedDoesNothing() {
        guard.interrupt();

        assertFalse(Thread.currentThread().isInterrupted());
    }

    /** What the guard is for: an interrupted thread's write to an NIO channel would close the channel. */
    @Test
    void aGuardedWriteByAnInterruptedThreadLeavesTheChannelOpen(@TempDir Path dir) throws Exception {
        try (FakeMaster master = FakeMaster.notReading(dir)) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread.currentThread().interrupt();
            try {
                guard.beginWrite();
                try {
                    master.workerEnd().write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                } catch (Exception e) {
                    failure.set(e);
                } finally {
                    guard.endWrite();
                }
            } finally {
                Thread.interrupted();
            }

            assertEquals(null, failure.get());
            assertTrue(master.workerEnd().isOpen());
        }
    }

    /** A thread that attaches to the guard, says so, and sleeps until it is interrupted; not started. */
    private Thread sleeper(CountDownLatch attached, CountDownLatch interrupted) {
        return new Thread(() -> {
            guard.attach();
            attached.countDown();
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
    }
}
