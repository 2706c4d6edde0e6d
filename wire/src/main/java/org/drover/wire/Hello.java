package org.drover.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The payload of a {@link FrameType#HELLO} frame, the first frame a worker sends on each of
 * its two connections: {@code u8 connection, u16 index, u64 pid, secret (the rest, UTF-8)}.
 *
 * @param connection {@link #DATA} or {@link #CONTROL}
 * @param index the worker's index, 1..processes
 * @param pid the worker's process id
 * @param secret the per-run secret the master handed to the worker
 */
public record Hello(int connection, int index, long pid, String secret) {

    /** The connection that carries request and response frames. */
    public static final int DATA = 0;
    /** The connection that carries control messages. */
    public static final int CONTROL = 1;

    /** Encodes this hello as a frame. */
    public Frame toFrame() {
        byte[] s = secret.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 2 + 8 + s.length);
        out.put((byte) connection).putShort((short) index).putLong(pid).put(s);
        return new Frame(FrameType.HELLO, 0, out.array());
    }

    /** Decodes a HELLO frame. */
    public static Hello of(Frame frame) throws WireException {
        if (frame.type() != FrameType.HELLO) {
            throw new WireException("expected HELLO as the first frame, got " + frame.type());
        }
        byte[] p = frame.payload();
        if (p.length < 11) {
            throw new WireException("HELLO payload of " + p.length + " bytes is truncated");
        }
        ByteBuffer in = ByteBuffer.wrap(p);
        int connection = in.get();
        if (connection != DATA && connection != CONTROL) {
            throw new WireException("HELLO names connection kind " + connection + ", expected 0 or 1");
        }
        int index = in.getShort() & 0xffff;
        long pid = in.getLong();
        String secret = new String(p, 11, p.length - 11, StandardCharsets.UTF_8);
        return new Hello(connection, index, pid, secret);
    }
}
