package org.drover.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes frames from many threads to one channel. Frames queue up; whichever thread finds the
 * channel free writes everything queued in one gathering write, so frames sent at the same time
 * leave in one system call, and a sender does not wait for a busy channel. Each buffer is written
 * whole, never interleaved.
 *
 * <p>On a channel in blocking mode, memory is bounded: once more than {@code limit} bytes are
 * queued, a sender waits for the channel and writes the queue itself, so a slow reader slows the
 * senders down instead of the queue growing. On a channel in non-blocking mode ({@link
 * #nonBlocking}), no sender ever waits: what the channel does not take at once stays queued, and
 * the owner is told to {@link #flush()} once the channel is writable again; the protocol above
 * bounds what can queue. If the channel fails, the queued frames are dropped and this and every
 * later send fail; the connection's reader sees the connection close.
 */
public final class FrameWriter {

    /** Bytes that may wait in the queue before senders wait for the channel. */
    public static final int DEFAULT_LIMIT = 1024 * 1024;

    private static final int BATCH = 64;

    private final GatheringByteChannel channel;
    private final long limit;
    /** Told that the channel took less than was queued; null for a channel in blocking mode. */
    private final Runnable blocked;

    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final ReentrantLock writing = new ReentrantLock();
    /** The buffers being written, {@code batch[start..end)}; guarded by {@code writing}. */
    private final ByteBuffer[] batch = new ByteBuffer[BATCH];

    private int start;
    private int end;
    private volatile IOException failure;

    /** Creates a writer for a channel in blocking mode. */
    public FrameWriter(GatheringByteChannel channel) {
        this(channel, DEFAULT_LIMIT);
    }

    /** Creates a writer for a channel in blocking mode that lets at most {@code limit} bytes wait in its queue. */
    public FrameWriter(GatheringByteChannel channel, long limit) {
        this(channel, limit, null);
    }

    private FrameWriter(GatheringByteChannel channel, long limit, Runnable blocked) {
        this.channel = channel;
        this.limit = limit;
        this.blocked = blocked;
    }

    /**
     * Creates a writer for a channel in non-blocking mode, on which no send waits for the peer:
     * when the channel takes less than is queued, {@code blocked} is called (by the sender, after
     * it let go of the channel), and the owner calls {@link #flush()} once the channel is writable.
     */
    public static FrameWriter nonBlocking(GatheringByteChannel channel, Runnable blocked) {
        return new FrameWriter(channel, Long.MAX_VALUE, blocked);
    }

    /** Sends one frame. */
    public void send(Frame frame) throws IOException {
        send(frame.encode());
    }

    /** Sends encoded frames (one or several whole frames in one buffer, ready to read). */
    public void send(ByteBuffer frames) throws IOException {
        checkFailure();
        queue.add(frames);
        if (queued.addAndGet(frames.remaining()) > limit) {
            writing.lock(); // the queue is full: wait for the channel, then empty the queue
            try {
                writeQueued();
            } finally {
                writing.unlock();
            }
        } else if (!flush()) {
            blocked.run();
        }
        checkFailure();
    }

    /**
     * Writes what is queued if no other thread is writing, without waiting for a channel in
     * non-blocking mode.
     *
     * @return {@code false} if the channel took less than was queued (non-blocking mode only):
     *     the rest waits for the next flush; {@code true} if the queue is empty, or another
     *     thread is writing it (which flushes again, or reports the channel blocked, itself)
     */
    public boolean flush() throws IOException {
        // Write if the channel is free; otherwise its writer takes these frames too.
        while (writing.tryLock()) {
            boolean done;
            try {
                done = writeQueued();
            } finally {
                writing.unlock();
            }
            if (!done) {
                return false;
            }
            if (queue.isEmpty()) {
                break;
            }
        }
        return true;
    }

    /** Bytes queued and not yet taken by the channel. */
    public long queued() {
        return queued.get();
    }

    private void checkFailure() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw new IOException("connection failed earlier: " + failed.getMessage(), failed);
        }
    }

    /** Writes until the queue is empty; in non-blocking mode, returns {@code false} once the channel takes no more. */
    private boolean writeQueued() throws IOException {
        while (true) {
            if (start == end) {
                start = 0;
                end = 0;
                ByteBuffer next;
                while (end < BATCH && (next = queue.poll()) != null) {
                    batch[end++] = next;
                }
                if (end == 0) {
                    return true;
                }
            }
            long written;
            try {
                written = channel.write(batch, start, end - start);
            } catch (IOException e) {
                failure = e;
                queue.clear();
                Arrays.fill(batch, null);
                start = 0;
                end = 0;
                throw e;
            }
            queued.addAndGet(-written);
            while (start < end && !batch[start].hasRemaining()) {
                batch[start++] = null;
            }
            if (start < end && blocked != null) {
                return false; // the channel's buffer is full
            }
        }
    }
}
