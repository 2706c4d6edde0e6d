package org.drover.wire;

import java.nio.ByteBuffer;

/**
 * What a worker reports about its JVM in each {@link FrameType#PING}: nine big-endian u64s in
 * this order.
 *
 * @param heapUsed heap bytes in use now
 * @param heapCommitted heap bytes the JVM holds
 * @param heapMax the heap's limit ({@code -Xmx}), or -1 if it has none
 * @param heapAfterGc heap bytes still in use after the last collection of the old generation,
 *     or -1 before the first one: the leak signal, since live data is what survives a full GC
 * @param gcCount collections so far, all collectors
 * @param gcMillis time spent collecting so far
 * @param threads live threads
 * @param requests requests the worker has finished
 * @param exceptions requests whose app threw
 */
public record WorkerStats(
        long heapUsed,
        long heapCommitted,
        long heapMax,
        long heapAfterGc,
        long gcCount,
        long gcMillis,
        long threads,
        long requests,
        long exceptions) {

    private static final int SIZE = 9 * 8;

    /** Encodes these figures as a PING frame. */
    public Frame toFrame() {
        ByteBuffer out = ByteBuffer.allocate(SIZE);
        out.putLong(heapUsed)
                .putLong(heapCommitted)
                .putLong(heapMax)
                .putLong(heapAfterGc)
                .putLong(gcCount)
                .putLong(gcMillis)
                .putLong(threads)
                .putLong(requests)
                .putLong(exceptions);
        return new Frame(FrameType.PING, 0, out.array());
    }

    /** Decodes a PING frame's payload. */
    public static WorkerStats of(Frame frame) throws WireException {
        if (frame.payload().length != SIZE) {
            throw new WireException("PING payload must be " + SIZE + " bytes, got " + frame.payload().length);
        }
        ByteBuffer in = ByteBuffer.wrap(frame.payload());
        return new WorkerStats(
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong());
    }
}
