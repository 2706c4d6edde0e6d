package org.drover.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes frames from many threads to one blocking channel. Frames queue up; whichever thread
 * finds the channel free writes everything queued in one gathering write, so frames sent at
 * the same time leave in one system call, and a sender does not wait for a busy channel. Each
 * buffer is written whole, never interleaved.
 *
 * <p>Memory is bounded: once more than {@code limit} bytes are queued, a sender waits for the
 * channel and writes the queue itself, so a slow reader slows the senders down instead of the
 * queue growing. If the channel fails, the queued frames are dropped and this and every later
 * send fail; the connection's reader sees the connection close.
 */
public final class FrameWriter {

    /** Bytes that may wait in the queue before senders wait for the channel. */
    public static final int DEFAULT_LIMIT = 1024 * 1024;

    private static final int BATCH = 64;

    private final GatheringByteChannel channel;
    private final long limit;
    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final ReentrantLock writing = new ReentrantLock();
    private final ByteBuffer[] batch = new ByteBuffer[BATCH];
    private volatile IOException failure;

    /** Creates a writer for a channel in blocking mode. */
    public FrameWriter(GatheringByteChannel channel) {
        this(channel, DEFAULT_LIMIT);
    }

    /** Creates a writer that lets at most {@code limit} bytes wait in its queue. */
    public FrameWriter(GatheringByteChannel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
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
        } else {
            // Write if the channel is free; otherwise its writer takes these frames too.
            while (writing.tryLock()) {
                try {
                    writeQueued();
                } finally {
                    writing.unlock();
                }
                if (queue.isEmpty()) {
                    break;
                }
            }
        }
        checkFailure();
    }

    private void checkFailure() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw new IOException("connection failed earlier: " + failed.getMessage(), failed);
        }
    }

    private void writeQueued() throws IOException {
        while (true) {
            int n = 0;
            long bytes = 0;
            ByteBuffer next;
            while (n < BATCH && (next = queue.poll()) != null) {
                batch[n++] = next;
                bytes += next.remaining();
            }
            if (n == 0) {
                return;
            }
            long total = bytes;
            try {
                while (bytes > 0) {
                    bytes -= channel.write(batch, 0, n);
                }
            } catch (IOException e) {
                failure = e;
                queue.clear();
                throw e;
            } finally {
                queued.addAndGet(-total);
                java.util.Arrays.fill(batch, 0, n, null);
            }
        }
    }
}
