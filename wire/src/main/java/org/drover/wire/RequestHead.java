package org.drover.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payload of a {@link FrameType#REQUEST} frame: the request's CGI/WSGI vars and, when the
 * master has them, its headers as the client sent them (names in their own case, in order,
 * repeats kept), which the vars cannot carry.
 *
 * <p>On the wire: the vars' {@link UwsgiPacket uwsgi packet}, optionally followed by a
 * <em>header block</em>, a second uwsgi packet with modifier2 {@link #HEADER_BLOCK} whose pairs
 * are the header fields, name and value, in the order received. Without the block (a master
 * that relays nginx's vars as they came) the payload is exactly the vars packet, as before the
 * block existed; the worker then derives the headers from the vars. Both packets are at most
 * 65535 bytes of data, and the whole payload must fit in one frame ({@link Frame#MAX_PAYLOAD}).
 *
 * @param vars the vars, in packet order; a repeated key keeps its last value
 * @param headers name, value, name, value, ... as received; empty when the frame has no header block
 */
public record RequestHead(Map<String, String> vars, Optional<List<String>> headers) {

    /** The modifier2 that marks the header block after the vars packet. */
    public static final int HEADER_BLOCK = 1;

    /** Checks that headers come in pairs with non-empty names; keeps the vars' order. */
    public RequestHead {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        headers = headers.map(List::copyOf);
        headers.ifPresent(RequestHead::checkPairs);
    }

    /**
     * The REQUEST payload for a vars packet already built (with {@link UwsgiPacket#builder()})
     * and the request's headers: the master's call.
     *
     * @param varsPacket a whole uwsgi packet, header included
     * @param headers name, value, name, value, ... in the order received; names may repeat
     * @throws WireException if the headers take more than 65535 bytes, or the payload more than a frame
     * @throws IllegalArgumentException if {@code varsPacket} is not a whole packet, or the headers
     *     are not name-value pairs with non-empty names
     */
    public static byte[] encode(byte[] varsPacket, List<String> headers) throws WireException {
        if (varsPacket.length < UwsgiPacket.HEADER
                || varsPacket.length != UwsgiPacket.HEADER + UwsgiPacket.datasize(varsPacket)) {
            throw new IllegalArgumentException(
                    "not a whole uwsgi packet: " + varsPacket.length + " bytes" + declared(varsPacket));
        }
        checkPairs(headers);
        UwsgiPacket.Builder block = UwsgiPacket.builder();
        for (int i = 0; i < headers.size(); i += 2) {
            block.add(headers.get(i), headers.get(i + 1));
        }
        byte[] blockPacket = block.build(HEADER_BLOCK, "request headers");
        int size = varsPacket.length + blockPacket.length;
        if (size > Frame.MAX_PAYLOAD) {
            throw new WireException(
                    "request vars and headers take " + size + " bytes, over the frame limit of " + Frame.MAX_PAYLOAD);
        }
        byte[] payload = java.util.Arrays.copyOf(varsPacket, size);
        System.arraycopy(blockPacket, 0, payload, varsPacket.length, blockPacket.length);
        return payload;
    }

    /** Encodes this head: the vars packet, and the header block if there are headers. */
    public byte[] encode() throws WireException {
        byte[] varsPacket = UwsgiPacket.encode(vars);
        return headers.isPresent() ? encode(varsPacket, headers.get()) : varsPacket;
    }

    /**
     * Decodes a REQUEST payload, with or without a header block.
     *
     * @throws WireException if either packet is truncated or runs past its end, or the bytes
     *     after the vars packet are not exactly one header block
     */
    public static RequestHead decode(byte[] payload) throws WireException {
        if (payload.length < UwsgiPacket.HEADER) {
            throw new WireException("REQUEST payload of " + payload.length + " bytes is shorter than a uwsgi header");
        }
        int varsEnd = UwsgiPacket.HEADER + UwsgiPacket.datasize(payload);
        if (varsEnd > payload.length) {
            throw new WireException("REQUEST vars packet says " + (varsEnd - UwsgiPacket.HEADER)
                    + " bytes of vars, but " + (payload.length - UwsgiPacket.HEADER) + " follow");
        }
        Map<String, String> vars = UwsgiPacket.decodeVars(payload, UwsgiPacket.HEADER, varsEnd);
        if (varsEnd == payload.length) {
            return new RequestHead(vars, Optional.empty());
        }
        int rest = payload.length - varsEnd;
        if (rest < UwsgiPacket.HEADER) {
            throw new WireException(
                    "REQUEST payload has " + rest + " bytes after its vars packet, too few for a header block");
        }
        int modifier1 = payload[varsEnd] & 0xff;
        int modifier2 = payload[varsEnd + 3] & 0xff;
        if (modifier1 != 0 || modifier2 != HEADER_BLOCK) {
            throw new WireException("REQUEST payload has " + rest + " bytes after its vars packet that are not a"
                    + " header block (modifiers " + modifier1 + ", " + modifier2 + "; expected 0, " + HEADER_BLOCK
                    + ")");
        }
        int blockStart = varsEnd + UwsgiPacket.HEADER;
        int datasize = (payload[varsEnd + 1] & 0xff) | (payload[varsEnd + 2] & 0xff) << 8;
        if (blockStart + datasize != payload.length) {
            throw new WireException("REQUEST header block says " + datasize + " bytes of headers, but "
                    + (payload.length - blockStart) + " follow");
        }
        List<String> headers;
        try {
            headers = UwsgiPacket.decodePairs(payload, blockStart, payload.length);
        } catch (WireException e) {
            throw new WireException("REQUEST header block: " + e.getMessage());
        }
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).isEmpty()) {
                throw new WireException("REQUEST header block has an empty header name (header " + i / 2 + ")");
            }
        }
        return new RequestHead(vars, Optional.of(headers));
    }

    private static void checkPairs(List<String> headers) {
        if (headers.size() % 2 != 0) {
            throw new IllegalArgumentException("headers must be name-value pairs, got " + headers.size() + " strings");
        }
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).isEmpty()) {
                throw new IllegalArgumentException(
                        "header names must not be empty, got one before value '" + headers.get(i + 1) + "'");
            }
        }
    }

    private static String declared(byte[] packet) {
        return packet.length < UwsgiPacket.HEADER
                ? ""
                : ", its header says " + (UwsgiPacket.HEADER + UwsgiPacket.datasize(packet));
    }
}
