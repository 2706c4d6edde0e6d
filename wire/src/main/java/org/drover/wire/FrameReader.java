package org.drover.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.function.Consumer;

/**
 * Reads frames from a channel: one read fetches what has arrived, and every complete frame in
 * it is decoded, so frames that arrive together are handled together. Not thread-safe: one
 * reader thread per connection.
 */
public final class FrameReader {

    private final ReadableByteChannel channel;
    private final ByteBuffer buffer;

    /** Creates a reader with a buffer large enough for the largest frame. */
    public FrameReader(ReadableByteChannel channel) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(2 * (Frame.HEADER + Frame.MAX_PAYLOAD));
    }

    /**
     * Reads once from the channel, blocking until bytes arrive, and passes each complete frame
     * to the consumer in order.
     *
     * @return {@code false} at end of stream on a frame boundary
     * @throws WireException on a bad frame, or at end of stream inside a frame
     */
    public boolean readSome(Consumer<Frame> consumer) throws IOException {
        return readAvailable(consumer) >= 0;
    }

    /**
     * Reads once from the channel (which, in non-blocking mode, may bring nothing), and passes
     * each complete frame of what the buffer holds to the consumer in order.
     *
     * @return the bytes read, or -1 at end of stream on a frame boundary
     * @throws WireException on a bad frame, or at end of stream inside a frame
     */
    public int readAvailable(Consumer<Frame> consumer) throws IOException {
        int n = channel.read(buffer);
        if (n < 0) {
            if (buffer.position() > 0) {
                throw new WireException(
                        "connection closed inside a frame (" + buffer.position() + " bytes of it received)");
            }
            return -1;
        }
        buffer.flip();
        try {
            Frame frame;
            while ((frame = decode(buffer)) != null) {
                consumer.accept(frame);
            }
        } finally {
            buffer.compact();
        }
        return n;
    }

    /**
     * Reads the next frame, blocking until it is complete.
     *
     * @return the frame, or {@code null} at end of stream on a frame boundary
     */
    public Frame read() throws IOException {
        Frame[] one = new Frame[1];
        while (true) {
            buffer.flip();
            try {
                one[0] = decode(buffer);
            } finally {
                buffer.compact();
            }
            if (one[0] != null) {
                return one[0];
            }
            int n = channel.read(buffer);
            if (n < 0) {
                if (buffer.position() > 0) {
                    throw new WireException(
                            "connection closed inside a frame (" + buffer.position() + " bytes of it received)");
                }
                return null;
            }
        }
    }

    /**
     * Decodes one frame at the buffer's position and advances past it, or returns {@code null}
     * and leaves the position where it was if the frame is not complete yet.
     *
     * @throws WireException if the bytes there cannot start a frame
     */
    public static Frame decode(ByteBuffer in) throws WireException {
        if (in.remaining() < Frame.HEADER) {
            return null;
        }
        int start = in.position();
        int code = in.get(start) & 0xff;
        FrameType type = FrameType.of(code);
        if (type == null) {
            throw new WireException("unknown frame type " + code + " at offset " + start);
        }
        int slot = in.getShort(start + 1) & 0xffff;
        int length = in.getInt(start + 3);
        if (length < 0 || length > Frame.MAX_PAYLOAD) {
            throw new WireException(type + " frame length " + (length & 0xffffffffL) + " is over the limit of "
                    + Frame.MAX_PAYLOAD + " bytes");
        }
        if (in.remaining() < Frame.HEADER + length) {
            return null;
        }
        byte[] payload = new byte[length];
        in.position(start + Frame.HEADER);
        in.get(payload);
        return new Frame(type, slot, payload);
    }
}
