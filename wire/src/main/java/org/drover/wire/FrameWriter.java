package org.drover.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes frames from many threads to one blocking channel. Frames queue up; whichever thread
 * holds the channel writes everything queued in one gathering write, so frames sent at the
 * same time leave in one system call. Each buffer is written whole, never interleaved. A send
 * returns once its frames are written (by this thread or another), so a slow reader slows the
 * senders down instead of the queue growing without bound.
 *
 * <p>If the channel fails, the frames queued then are lost and every sender of one of them gets
 * an {@link IOException}; the connection's reader sees the connection close.
 */
public final class FrameWriter {

    private static final int BATCH = 64;

    private final GatheringByteChannel channel;
    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final ByteBuffer[] batch = new ByteBuffer[BATCH];

    /** Creates a writer for a channel in blocking mode. */
    public FrameWriter(GatheringByteChannel channel) {
        this.channel = channel;
    }

    /** Sends one frame, returning once it is written. */
    public void send(Frame frame) throws IOException {
        send(frame.encode());
    }

    /**
     * Sends encoded frames (one or several whole frames in one buffer, ready to read), returning
     * once they are written.
     */
    public void send(ByteBuffer frames) throws IOException {
        queue.add(frames);
        writing.lock();
        try {
            if (frames.hasRemaining()) {
                writeQueued();
                if (frames.hasRemaining()) {
                    throw new IOException("frames not sent: an earlier write on this connection failed");
                }
            }
        } finally {
            writing.unlock();
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
            try {
                while (bytes > 0) {
                    bytes -= channel.write(batch, 0, n);
                }
            } finally {
                java.util.Arrays.fill(batch, 0, n, null);
            }
        }
    }
}
