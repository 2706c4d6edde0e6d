package org.drover.wire;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.function.IntSupplier;

/**
 * A channel over fixed bytes that hands them out in pieces of the sizes it is told, so a test
 * can make a frame arrive one byte at a time, or several frames in one read.
 */
final class TrickleChannel implements ReadableByteChannel {

    private final byte[] data;
    private final IntSupplier pieceSize;
    private int at;
    private int reads;
    private boolean open = true;

    TrickleChannel(byte[] data, IntSupplier pieceSize) {
        this.data = data;
        this.pieceSize = pieceSize;
    }

    /** Every byte in one read (as far as the reader's buffer allows). */
    static TrickleChannel allAtOnce(byte[] data) {
        return new TrickleChannel(data, () -> Integer.MAX_VALUE);
    }

    @Override
    public int read(ByteBuffer dst) {
        reads++;
        if (at == data.length) {
            return -1;
        }
        int n = Math.min(Math.min(pieceSize.getAsInt(), dst.remaining()), data.length - at);
        if (n < 1) {
            throw new IllegalStateException("piece size must be >= 1 and the reader's buffer not full, got " + n);
        }
        dst.put(data, at, n);
        at += n;
        return n;
    }

    /** How many times {@link #read} was called. */
    int reads() {
        return reads;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
