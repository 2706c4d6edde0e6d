package org.drover.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The uwsgi packet that carries a request's variables: a 4-byte header ({@code u8 modifier1,
 * u16 datasize, u8 modifier2}) and then, for each variable, {@code u16 keysize, key, u16
 * valsize, value}; all sizes little-endian, as in the uwsgi protocol. The same codec serves the
 * master-worker connection and nginx's {@code uwsgi_pass}.
 */
public final class UwsgiPacket {

    /** Bytes of the packet header. */
    public static final int HEADER = 4;
    /** The largest datasize a packet can declare. */
    public static final int MAX_DATASIZE = 0xffff;

    private UwsgiPacket() {}

    /**
     * Encodes variables as a packet with modifiers 0 (a WSGI request).
     *
     * @throws WireException if they do not fit in {@link #MAX_DATASIZE} bytes
     */
    public static byte[] encode(Map<String, String> vars) throws WireException {
        int size = 0;
        byte[][] parts = new byte[vars.size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> e : vars.entrySet()) {
            parts[i] = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
            parts[i + 1] = e.getValue().getBytes(StandardCharsets.ISO_8859_1);
            if (parts[i].length > 0xffff || parts[i + 1].length > 0xffff) {
                throw new WireException("uwsgi var " + e.getKey() + " is over 65535 bytes");
            }
            size += 4 + parts[i].length + parts[i + 1].length;
            i += 2;
        }
        if (size > MAX_DATASIZE) {
            throw new WireException("uwsgi vars take " + size + " bytes, over the limit of " + MAX_DATASIZE);
        }
        ByteBuffer out = ByteBuffer.allocate(HEADER + size).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0).putShort((short) size).put((byte) 0);
        for (byte[] part : parts) {
            out.putShort((short) part.length).put(part);
        }
        return out.array();
    }

    /**
     * Writes vars straight into packet bytes, for the request path: no map, one array copy.
     * Keys and values are ISO-8859-1.
     */
    public static final class Builder {

        private byte[] data = new byte[1024];
        private int size = HEADER;

        /** Appends one variable. */
        public Builder add(String key, String value) {
            int keyLength = key.length();
            int valueLength = value.length();
            ensure(4 + keyLength + valueLength);
            size = putString(putShort(size, keyLength), key);
            size = putString(putShort(size, valueLength), value);
            return this;
        }

        /**
         * The finished packet.
         *
         * @throws WireException if the vars are over {@link #MAX_DATASIZE} bytes
         */
        public byte[] build() throws WireException {
            return build(0, "uwsgi vars");
        }

        /** The finished packet with this modifier2; {@code what} names its contents in the error. */
        byte[] build(int modifier2, String what) throws WireException {
            int datasize = size - HEADER;
            if (datasize > MAX_DATASIZE) {
                throw new WireException(what + " take " + datasize + " bytes, over the limit of " + MAX_DATASIZE);
            }
            data[0] = 0;
            data[1] = (byte) datasize;
            data[2] = (byte) (datasize >> 8);
            data[3] = (byte) modifier2;
            return java.util.Arrays.copyOf(data, size);
        }

        private void ensure(int more) {
            if (size + more > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(2 * data.length, size + more));
            }
        }

        private int putShort(int at, int value) {
            data[at] = (byte) value;
            data[at + 1] = (byte) (value >> 8);
            return at + 2;
        }

        private int putString(int at, String s) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                data[at + i] = (byte) (c <= 0xff ? c : '?');
            }
            return at + n;
        }
    }

    /** Starts a packet to be filled with {@link Builder#add}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The datasize that a packet header declares: the bytes that follow the header. */
    public static int datasize(byte[] header) {
        return (header[1] & 0xff) | (header[2] & 0xff) << 8;
    }

    /**
     * Decodes a whole packet (header and vars). Keys and values are ISO-8859-1, so every byte
     * survives a round trip. A key that repeats keeps its last value.
     *
     * @throws WireException if the packet is truncated, longer than its header says, or a
     *     variable runs past its end
     */
    public static Map<String, String> decode(byte[] packet) throws WireException {
        if (packet.length < HEADER) {
            throw new WireException("uwsgi packet of " + packet.length + " bytes is shorter than its header");
        }
        int datasize = datasize(packet);
        if (packet.length != HEADER + datasize) {
            throw new WireException("uwsgi packet header says " + datasize + " bytes of vars, but "
                    + (packet.length - HEADER) + " follow");
        }
        return decodeVars(packet, HEADER, packet.length);
    }

    /** Decodes the vars between {@code from} and {@code to} of a packet whose header was read already. */
    public static Map<String, String> decodeVars(byte[] data, int from, int to) throws WireException {
        Map<String, String> vars = new LinkedHashMap<>();
        decodePairs(data, from, to, vars::put);
        return vars;
    }

    /**
     * Decodes the pairs between {@code from} and {@code to} as a flat list, name, value, name,
     * value, ...: in order, and a name that repeats keeps every value.
     */
    static List<String> decodePairs(byte[] data, int from, int to) throws WireException {
        List<String> pairs = new ArrayList<>();
        decodePairs(data, from, to, (key, value) -> {
            pairs.add(key);
            pairs.add(value);
        });
        return pairs;
    }

    private static void decodePairs(byte[] data, int from, int to, BiConsumer<String, String> pair)
            throws WireException {
        int at = from;
        while (at < to) {
            int keySize = u16(data, at, to, "key size");
            at += 2;
            String key = string(data, at, keySize, to, "key");
            at += keySize;
            int valueSize = u16(data, at, to, "size of " + key);
            at += 2;
            String value = string(data, at, valueSize, to, "value of " + key);
            at += valueSize;
            pair.accept(key, value);
        }
    }

    private static int u16(byte[] data, int at, int end, String what) throws WireException {
        if (at + 2 > end) {
            throw new WireException("uwsgi packet truncated: " + what + " at offset " + at + " runs past its end");
        }
        return (data[at] & 0xff) | (data[at + 1] & 0xff) << 8;
    }

    private static String string(byte[] data, int at, int size, int end, String what) throws WireException {
        if (at + size > end) {
            throw new WireException(
                    "uwsgi packet truncated: " + what + " (" + size + " bytes at offset " + at + ") runs past its end");
        }
        return new String(data, at, size, StandardCharsets.ISO_8859_1);
    }
}
