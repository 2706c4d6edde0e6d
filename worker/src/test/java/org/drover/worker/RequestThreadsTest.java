package org.drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.drover.wire.ExitCodes;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;
import org.drover.wire.FrameType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leader/follower over a real socket: the thread that reads a request runs it, another reads
 * on, and a request that finds no thread free waits for the first that comes back. Each REQUEST
 * here runs until the test releases its slot; every other frame is recorded as it is read.
 */
class RequestThreadsTest {

    @TempDir
    Path dir;

    private FakeMaster master;
    private RequestThreads pool;
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Integer> exits = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<Integer, CountDownLatch> release = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, String> readBy = new ConcurrentHashMap<>();

    @BeforeEach
    void open() throws Exception {
        master = FakeMaster.notReading(dir);
    }

    @AfterEach
    void close() throws Exception {
        release.values().forEach(CountDownLatch::countDown);
        master.close();
    }

    /** Starts the threads, and waits until all but the reader wait for their turn. */
    private void start(int threads) throws InterruptedException {
        pool = new RequestThreads(new FrameReader(master.workerEnd()), this::dispatch, exits::add);
        pool.start(threads, getClass().getClassLoader());
        await(() -> pool.waiting() == threads - 1, "the threads to start");
    }

    private Runnable dispatch(Frame frame) {
        String reader = Thread.currentThread().getName();
        if (frame.type() != FrameType.REQUEST) {
            events.add(frame.type() + " " + frame.slot() + " read by " + reader);
            return null;
        }
        int slot = frame.slot();
        readBy.put(slot, reader);
        CountDownLatch done = release.computeIfAbsent(slot, s -> new CountDownLatch(1));
        return () -> {
            events.add("request " + slot + " runs on " + Thread.currentThread().getName());
            try {
                done.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("request " + slot + " done");
        };
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited 10 s for " + what);
            Thread.sleep(1);
        }
    }

    private String next() throws InterruptedException {
        String event = events.poll(10, TimeUnit.SECONDS);
        assertFalse(event == null, "nothing happened within 10 s");
        return event;
    }

    private static Frame request(int slot) {
        return new Frame(FrameType.REQUEST, slot, new byte[0]);
    }

    @Test
    void theThreadThatReadsARequestRunsItAndAnotherReadsOn() throws Exception {
        start(3);

        master.send(request(0));
        String first = next();
        assertEquals("request 0 runs on " + readBy.get(0), first);
        master.send(request(1));
        String second = next();
        assertEquals("request 1 runs on " + readBy.get(1), second);
        assertNotEquals(readBy.get(0), readBy.get(1), "the thread running request 0 read request 1");

        master.send(Frame.of(FrameType.CANCEL, 0)); // both requests run: the third thread reads
        String cancel = next();
        assertTrue(cancel.startsWith("CANCEL 0 read by drover-request-"), cancel);
        assertFalse(cancel.endsWith(readBy.get(0)) || cancel.endsWith(readBy.get(1)), cancel);
    }

    @Test
    void aRequestThatFindsNoFreeThreadWaitsForTheFirstThatComesBack() throws Exception {
        start(2);
        master.send(request(0));
        String first = next();
        assertEquals("request 0 runs on " + readBy.get(0), first);

        master.send(request(1)); // the reader is the only thread left: it queues it and reads on
        await(() -> pool.queued() == 1, "request 1 to be queued");
        master.send(Frame.of(FrameType.BODY_END, 1));
        String bodyEnd = next();
        assertEquals("BODY_END 1 read by " + readBy.get(1), bodyEnd);

        release.get(0).countDown();
        assertEquals("request 0 done", next());
        String second = next();
        assertEquals("request 1 runs on " + readBy.get(0), second, "the thread that came back took it");
    }

    @Test
    void theEndOfTheConnectionExitsWithOk() throws Exception {
        start(2);
        master.send(request(0));
        assertTrue(next().startsWith("request 0 runs on"));

        master.hangUp();

        assertEquals(ExitCodes.OK, exits.poll(10, TimeUnit.SECONDS));
    }
}
