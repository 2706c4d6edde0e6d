package org.drover.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One frame: a type, the slot (request thread) it belongs to, and a payload.
 *
 * <p>On the wire: {@code u8 type, u16 slot, u32 length, payload}, big-endian, with a payload
 * of at most {@link #MAX_PAYLOAD} bytes.
 */
public record Frame(FrameType type, int slot, byte[] payload) {

    /** Bytes before the payload. */
    public static final int HEADER = 7;
    /** The largest payload a frame may carry. */
    public static final int MAX_PAYLOAD = 128 * 1024;
    /** The largest body chunk either side puts in one frame. */
    public static final int MAX_CHUNK = 64 * 1024;
    /** The largest slot id. */
    public static final int MAX_SLOT = 0xffff;

    private static final byte[] EMPTY = new byte[0];

    /** Checks the slot range and the payload size. */
    public Frame {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if (slot < 0 || slot > MAX_SLOT) {
            throw new IllegalArgumentException("slot must be 0-" + MAX_SLOT + ", got " + slot);
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    "frame payload must be <= " + MAX_PAYLOAD + " bytes, got " + payload.length);
        }
    }

    /** A frame with no payload. */
    public static Frame of(FrameType type, int slot) {
        return new Frame(type, slot, EMPTY);
    }

    /** A frame whose payload is the UTF-8 text. */
    public static Frame text(FrameType type, int slot, String text) {
        return new Frame(type, slot, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The payload as UTF-8 text. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** Bytes this frame takes on the wire. */
    public int size() {
        return HEADER + payload.length;
    }

    /** Writes this frame at the buffer's position. */
    public void writeTo(ByteBuffer out) {
        writeHeader(out, type, slot, payload.length);
        out.put(payload);
    }

    /** The frame's wire bytes in a new buffer, ready to read. */
    public ByteBuffer encode() {
        ByteBuffer out = ByteBuffer.allocate(size());
        writeTo(out);
        return out.flip();
    }

    /** Writes a frame header, for callers that put the payload in place themselves. */
    public static void writeHeader(ByteBuffer out, FrameType type, int slot, int length) {
        out.put((byte) type.code());
        out.putShort((short) slot);
        out.putInt(length);
    }

    /** A frame carrying a big-endian u32, such as {@link FrameType#CREDIT}. */
    public static Frame ofInt(FrameType type, int slot, int value) {
        return new Frame(type, slot, ByteBuffer.allocate(4).putInt(value).array());
    }

    /** The payload read as a big-endian u32. */
    public int intValue() throws WireException {
        if (payload.length != 4) {
            throw new WireException(type + " frame must carry 4 bytes, got " + payload.length);
        }
        return ByteBuffer.wrap(payload).getInt();
    }

    @Override
    public String toString() {
        return type + "[slot " + slot + ", " + payload.length + " bytes]";
    }
}
