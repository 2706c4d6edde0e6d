package org.drover.wire;

import static org.drover.wire.FrameAssertions.assertSameFrames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameWriterTest {

    private static final int THREADS = 8;
    private static final int FRAMES_PER_THREAD = 2000;
    private static final long TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(60);

    @Test
    void manyThreadsOverAUnixSocket(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            try (SocketChannel writing = SocketChannel.open(address);
                    SocketChannel reading = server.accept()) {
                sendConcurrently(writing, reading, () -> writing.shutdownOutput());
            }
        }
    }

    @Test
    void manyThreadsOverAPipe() throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SinkChannel sink = pipe.sink();
                Pipe.SourceChannel source = pipe.source()) {
            sendConcurrently(sink, source, sink::close);
        }
    }

    /**
     * {@value #THREADS} threads each send {@value #FRAMES_PER_THREAD} frames of random sizes up
     * to {@link Frame#MAX_CHUNK} on their own slot while one thread reads: every frame must
     * arrive whole, each thread's frames in the order sent, none lost.
     */
    private static void sendConcurrently(GatheringByteChannel out, ReadableByteChannel in, Closer endOfStream)
            throws Exception {
        FrameWriter writer = new FrameWriter(out);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] nextSeq = new int[THREADS + 1];
        AtomicLong bytesReceived = new AtomicLong();

        Thread reader = new Thread(
                () -> {
                    try {
                        FrameReader frames = new FrameReader(in);
                        while (frames.readSome(frame -> {
                            int slot = frame.slot();
                            assertTrue(slot >= 1 && slot <= THREADS, () -> "slot " + slot);
                            int seq = ByteBuffer.wrap(frame.payload()).getInt();
                            assertEquals(nextSeq[slot], seq, () -> "frame order of slot " + slot);
                            assertArrayEquals(
                                    payload(slot, seq), frame.payload(), () -> "payload of slot " + slot + " #" + seq);
                            nextSeq[slot]++;
                            bytesReceived.addAndGet(frame.size());
                        })) {
                            // until the writers are done and the connection ends
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                        closeQuietly(in);
                    }
                },
                "frame-reader");

        CountDownLatch start = new CountDownLatch(1);
        AtomicLong bytesSent = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int t = 1; t <= THREADS; t++) {
            int slot = t;
            senders.add(new Thread(
                    () -> {
                        try {
                            start.await();
                            for (int seq = 0; seq < FRAMES_PER_THREAD; seq++) {
                                Frame frame = new Frame(
                                        seq % 2 == 0 ? FrameType.BODY : FrameType.HEAD, slot, payload(slot, seq));
                                writer.send(frame);
                                bytesSent.addAndGet(frame.size());
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                            closeQuietly(out);
                        }
                    },
                    "frame-sender-" + t));
        }

        reader.setDaemon(true);
        reader.start();
        for (Thread sender : senders) {
            sender.setDaemon(true);
            sender.start();
        }
        start.countDown();
        try {
            long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            for (Thread sender : senders) {
                sender.join(Math.max(1, deadline - System.currentTimeMillis()));
                assertFalse(
                        sender.isAlive(), sender.getName() + " did not finish within 60 s; failure: " + failure.get());
            }
            assertNull(failure.get(), () -> "failed: " + failure.get());
            endOfStream.close();
            reader.join(Math.max(1, deadline - System.currentTimeMillis()));
            assertFalse(reader.isAlive(), "reader did not see the end within 60 s; failure: " + failure.get());
        } finally {
            closeQuietly(out);
            closeQuietly(in);
        }

        assertNull(failure.get(), () -> "failed: " + failure.get());
        for (int slot = 1; slot <= THREADS; slot++) {
            assertEquals(FRAMES_PER_THREAD, nextSeq[slot], "frames received on slot " + slot);
        }
        assertEquals(bytesSent.get(), bytesReceived.get(), "bytes received");
    }

    /** Random bytes that payloads are cut from, so that a misplaced byte shows. */
    private static final byte[] PATTERN = new byte[2 * Frame.MAX_CHUNK];

    static {
        new Random(5).nextBytes(PATTERN);
    }

    /** The payload of a slot's frame number seq: seq as a u32, then 0 to 64 KiB - 4 bytes of the pattern. */
    private static byte[] payload(int slot, int seq) {
        Random random = new Random(slot * 1_000_003L + seq);
        int size = 4 + random.nextInt(Frame.MAX_CHUNK - 3);
        byte[] payload = new byte[size];
        ByteBuffer.wrap(payload).putInt(seq);
        System.arraycopy(PATTERN, random.nextInt(Frame.MAX_CHUNK), payload, 4, size - 4);
        return payload;
    }

    @Test
    void partialWritesAreCompleted() throws Exception {
        RecordingChannel channel = new RecordingChannel(3);
        FrameWriter writer = new FrameWriter(channel);
        List<Frame> sent = List.of(
                new Frame(FrameType.HEAD, 1, new byte[] {1, 2, 3, 4, 5}),
                Frame.of(FrameType.END, 1),
                Frame.ofInt(FrameType.CREDIT, 2, 4096));

        for (Frame frame : sent) {
            writer.send(frame);
        }

        assertSameFrames(sent, readAll(channel.written()));
        assertTrue(channel.writes() > sent.size(), "the channel took at most 3 bytes per write");
    }

    @Test
    void aBufferOfSeveralFramesIsSentWhole() throws Exception {
        RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE);
        List<Frame> sent = List.of(new Frame(FrameType.BODY, 4, new byte[] {7, 7}), Frame.of(FrameType.BODY_END, 4));

        new FrameWriter(channel).send(ByteBuffer.wrap(FrameAssertions.wireBytes(sent)));

        assertSameFrames(sent, readAll(channel.written()));
    }

    /** A sender does not wait for a busy channel: the thread writing takes its frame along. */
    @Test
    void aSendBelowTheLimitDoesNotWaitForABusyChannel() throws Exception {
        RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE, true);
        FrameWriter writer = new FrameWriter(channel);
        Frame first = new Frame(FrameType.BODY, 1, new byte[] {1});
        Frame second = new Frame(FrameType.BODY, 2, new byte[] {2});
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread firstSender = start("first-sender", () -> writer.send(first), failure);
        channel.awaitFirstWrite();

        Thread secondSender = start("second-sender", () -> writer.send(second), failure);
        secondSender.join(10_000);
        assertFalse(secondSender.isAlive(), "second send waited for the busy channel");

        channel.releaseFirstWrite();
        firstSender.join(10_000);
        assertNull(failure.get(), () -> "failed: " + failure.get());
        assertSameFrames(List.of(first, second), readAll(channel.written()));
        assertEquals(2, channel.writes(), "the first sender wrote the frame queued meanwhile");
    }

    /** Past the limit senders wait for the channel, so a slow reader cannot make frames pile up in memory. */
    @Test
    void aSendOverTheLimitWaitsForTheChannel() throws Exception {
        RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE, true);
        FrameWriter writer = new FrameWriter(channel, 16);
        Frame first = new Frame(FrameType.BODY, 1, new byte[] {1});
        Frame second = new Frame(FrameType.BODY, 2, new byte[20]);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean secondReturned = new AtomicBoolean();
        Thread firstSender = start("first-sender", () -> writer.send(first), failure);
        channel.awaitFirstWrite();

        Thread secondSender = start(
                "second-sender",
                () -> {
                    writer.send(second);
                    secondReturned.set(true);
                },
                failure);
        awaitState(secondSender, Thread.State.WAITING);

        assertFalse(secondReturned.get(), "second send returned while the channel was busy and the queue full");
        channel.releaseFirstWrite();
        firstSender.join(10_000);
        secondSender.join(10_000);
        assertNull(failure.get(), () -> "failed: " + failure.get());
        assertTrue(secondReturned.get(), "second send did not return");
        assertSameFrames(List.of(first, second), readAll(channel.written()));
    }

    @Test
    void aClosedChannelFailsEverySend() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.sink().close();
        pipe.source().close();
        FrameWriter writer = new FrameWriter(pipe.sink());

        assertThrows(ClosedChannelException.class, () -> writer.send(Frame.of(FrameType.END, 1)));
        // the failed writer let go of the channel: the next send fails too instead of queueing silently
        IOException later = assertThrows(IOException.class, () -> writer.send(Frame.of(FrameType.END, 2)));
        assertTrue(later.getMessage().startsWith("connection failed earlier"), later.getMessage());
    }

    private static Thread start(String name, Sending sending, AtomicReference<Throwable> failure) {
        Thread thread = new Thread(
                () -> {
                    try {
                        sending.run();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Non-blocking mode over a real socket whose peer does not read: sends never wait, the owner
     * is told once the socket's buffer is full, and once the peer reads, flushing writes the rest,
     * every frame whole and in order.
     */
    @Test
    void inNonBlockingModeNoSendWaitsAndAFlushWritesTheRest(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            try (SocketChannel writing = SocketChannel.open(address);
                    SocketChannel reading = server.accept()) {
                writing.configureBlocking(false);
                AtomicLong blocked = new AtomicLong();
                FrameWriter writer = FrameWriter.nonBlocking(writing, blocked::incrementAndGet);
                List<Frame> sent = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < 64; i++) { // 4 MiB: far more than the socket's buffer
                    Frame frame = new Frame(FrameType.BODY, i, new byte[Frame.MAX_CHUNK]);
                    sent.add(frame);
                    writer.send(frame);
                }
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "a send waited");
                assertTrue(blocked.get() > 0, "the owner was not told that the socket is full");
                assertTrue(writer.queued() > 0);

                FrameReader reader = new FrameReader(reading);
                List<Frame> received = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
                while (received.size() < sent.size()) {
                    assertTrue(System.nanoTime() < deadline, "only " + received.size() + " frames arrived");
                    reader.readSome(received::add); // the peer reads: room for the next flush
                    writer.flush();
                }
                assertEquals(0, writer.queued());
                assertSameFrames(sent, received);
            }
        }
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != state) {
            assertTrue(
                    thread.getState() != Thread.State.TERMINATED && System.nanoTime() < deadline,
                    () -> thread.getName() + " is " + thread.getState() + ", expected " + state);
            Thread.sleep(1);
        }
    }

    private static List<Frame> readAll(byte[] bytes) throws IOException {
        FrameReader reader = new FrameReader(TrickleChannel.allAtOnce(bytes));
        List<Frame> frames = new ArrayList<>();
        Frame frame;
        while ((frame = reader.read()) != null) {
            frames.add(frame);
        }
        return frames;
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing to unblock the other side; nothing to add
        }
    }

    @FunctionalInterface
    private interface Sending {
        void run() throws IOException;
    }

    @FunctionalInterface
    private interface Closer {
        void close() throws IOException;
    }

    /**
     * A channel that records what is written, takes at most {@code maxPerWrite} bytes per write
     * (as a full socket buffer does), and can hold its first write until the test lets it go.
     */
    private static final class RecordingChannel implements GatheringByteChannel {

        private final int maxPerWrite;
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final CountDownLatch firstWriteStarted = new CountDownLatch(1);
        private final CountDownLatch firstWriteReleased;
        private int writes;

        RecordingChannel(int maxPerWrite) {
            this(maxPerWrite, false);
        }

        RecordingChannel(int maxPerWrite, boolean holdFirstWrite) {
            this.maxPerWrite = maxPerWrite;
            this.firstWriteReleased = new CountDownLatch(holdFirstWrite ? 1 : 0);
        }

        void awaitFirstWrite() throws InterruptedException {
            assertTrue(firstWriteStarted.await(10, TimeUnit.SECONDS), "no write within 10 s");
        }

        void releaseFirstWrite() {
            firstWriteReleased.countDown();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            writes++;
            firstWriteStarted.countDown();
            try {
                if (!firstWriteReleased.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("the test did not release the first write within 10 s");
                }
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            long n = 0;
            for (int i = offset; i < offset + length && n < maxPerWrite; i++) {
                while (srcs[i].hasRemaining() && n < maxPerWrite) {
                    written.write(srcs[i].get());
                    n++;
                }
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        byte[] written() {
            return written.toByteArray();
        }

        int writes() {
            return writes;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
