package org.drover.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of a {@link FrameType#HEAD} frame: status code, reason, and the headers in order
 * (names may repeat). On the wire: {@code u16 status, str reason, u16 count, (str name, str
 * value) * count}, each {@code str} a u16 length and ISO-8859-1 bytes, big-endian.
 *
 * @param status the status code, 100-999
 * @param reason the reason phrase
 * @param headers name, value, name, value, ...
 */
public record ResponseHead(int status, String reason, List<String> headers) {

    /** Checks the status range and that headers come in pairs. */
    public ResponseHead {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must be 100-999, got " + status);
        }
        if (headers.size() % 2 != 0) {
            throw new IllegalArgumentException("headers must be name-value pairs, got " + headers.size() + " strings");
        }
        headers = List.copyOf(headers);
    }

    /** Encodes this head as a frame payload. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 32 * headers.size());
        out.write(status >> 8);
        out.write(status);
        writeString(out, reason);
        out.write(headers.size() / 2 >> 8);
        out.write(headers.size() / 2);
        for (String s : headers) {
            writeString(out, s);
        }
        return out.toByteArray();
    }

    /** Decodes a head payload. */
    public static ResponseHead decode(byte[] payload) throws WireException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            int status = in.getShort() & 0xffff;
            String reason = readString(in);
            int count = in.getShort() & 0xffff;
            List<String> headers = new ArrayList<>(2 * count);
            for (int i = 0; i < 2 * count; i++) {
                headers.add(readString(in));
            }
            if (in.hasRemaining()) {
                throw new WireException("HEAD payload has " + in.remaining() + " bytes after its last header");
            }
            if (status < 100 || status > 999) {
                throw new WireException("HEAD status must be 100-999, got " + status);
            }
            return new ResponseHead(status, reason, headers);
        } catch (java.nio.BufferUnderflowException e) {
            throw new WireException("HEAD payload of " + payload.length + " bytes is truncated");
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length > 0xffff) {
            throw new IllegalArgumentException("response header string is over 65535 bytes");
        }
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static String readString(ByteBuffer in) {
        int length = in.getShort() & 0xffff;
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
