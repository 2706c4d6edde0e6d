package org.drover.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

    private static final List<String> RECEIVED = List.of(
            "Host", "example.org",
            "accept", "text/html",
            "X-Trace-ID", "1",
            "Cookie", "a=1",
            "ACCEPT", "text/plain",
            "Cookie", "b=2",
            "X-Empty", "");

    private static Map<String, String> vars() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REQUEST_METHOD", "GET");
        vars.put("REQUEST_URI", "/a?b");
        vars.put("HTTP_HOST", "example.org");
        vars.put("HTTP_ACCEPT", "text/html, text/plain");
        return vars;
    }

    @Test
    void headersKeepTheirCaseOrderAndRepeats() throws WireException {
        RequestHead decoded = RequestHead.decode(new RequestHead(vars(), Optional.of(RECEIVED)).encode());

        assertEquals(RECEIVED, decoded.headers().orElseThrow());
        assertEquals(vars(), decoded.vars());
        assertEquals(List.copyOf(vars().keySet()), List.copyOf(decoded.vars().keySet()));
    }

    @Test
    void aPayloadWithoutAHeaderBlockIsTheVarsPacketAsBefore() throws WireException {
        byte[] packet = UwsgiPacket.encode(vars());

        RequestHead decoded = RequestHead.decode(packet);

        assertArrayEquals(packet, new RequestHead(vars(), Optional.empty()).encode());
        assertEquals(Optional.empty(), decoded.headers());
        assertEquals(vars(), decoded.vars());
    }

    @Test
    void anEmptyHeaderBlockIsNotAMissingOne() throws WireException {
        RequestHead decoded = RequestHead.decode(RequestHead.encode(UwsgiPacket.encode(vars()), List.of()));

        assertEquals(Optional.of(List.of()), decoded.headers());
    }

    @Test
    void theMastersCallGivesTheSameBytesAsTheRecord() throws WireException {
        byte[] varsPacket = UwsgiPacket.builder()
                .add("REQUEST_METHOD", "GET")
                .add("REQUEST_URI", "/a?b")
                .add("HTTP_HOST", "example.org")
                .add("HTTP_ACCEPT", "text/html, text/plain")
                .build();

        assertArrayEquals(
                new RequestHead(vars(), Optional.of(RECEIVED)).encode(), RequestHead.encode(varsPacket, RECEIVED));
    }

    @Test
    void layoutIsTheVarsPacketThenABlockWithModifier2One() throws WireException {
        byte[] payload = new RequestHead(Map.of("A", "x"), Optional.of(List.of("H", "v"))).encode();

        assertArrayEquals(new byte[] {0, 6, 0, 0, 1, 0, 'A', 1, 0, 'x', 0, 6, 0, 1, 1, 0, 'H', 1, 0, 'v'}, payload);
    }

    @Test
    void everyByteValueSurvivesInAHeader() throws WireException {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String latin1 = new String(all, StandardCharsets.ISO_8859_1);

        RequestHead decoded = RequestHead.decode(new RequestHead(Map.of(), Optional.of(List.of("X", latin1))).encode());

        assertArrayEquals(all, decoded.headers().orElseThrow().get(1).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Every cut is an error, except the one right after the vars: that is a request without headers. */
    @Test
    void everyTruncationIsAWireErrorButTheCutAfterTheVars() throws WireException {
        byte[] varsPacket = UwsgiPacket.encode(vars());
        byte[] payload = RequestHead.encode(varsPacket, RECEIVED);

        for (int length = 0; length < payload.length; length++) {
            byte[] cut = Arrays.copyOf(payload, length);
            if (length == varsPacket.length) {
                assertEquals(Optional.empty(), RequestHead.decode(cut).headers());
            } else {
                assertThrows(WireException.class, () -> RequestHead.decode(cut), "cut to " + length + " bytes");
            }
        }
    }

    @Test
    void truncationsAreNamed() {
        assertEquals("REQUEST payload of 3 bytes is shorter than a uwsgi header", message(new byte[] {0, 0, 0}));
        assertEquals(
                "REQUEST vars packet says 6 bytes of vars, but 5 follow",
                message(new byte[] {0, 6, 0, 0, 1, 0, 'A', 1, 0}));
        assertEquals(
                "REQUEST payload has 3 bytes after its vars packet, too few for a header block",
                message(new byte[] {0, 0, 0, 0, 0, 6, 0}));
        assertEquals(
                "REQUEST header block says 6 bytes of headers, but 5 follow",
                message(new byte[] {0, 0, 0, 0, 0, 6, 0, 1, 1, 0, 'H', 1, 0}));
        assertEquals(
                "REQUEST header block: uwsgi packet truncated: value of H (9 bytes at offset 13) runs past its end",
                message(new byte[] {0, 0, 0, 0, 0, 6, 0, 1, 1, 0, 'H', 9, 0, 'v'}));
    }

    @Test
    void bytesAfterTheVarsThatAreNotAHeaderBlockAreAWireError() {
        assertEquals(
                "REQUEST payload has 4 bytes after its vars packet that are not a header block"
                        + " (modifiers 0, 0; expected 0, 1)",
                message(new byte[] {0, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals(
                "REQUEST payload has 4 bytes after its vars packet that are not a header block"
                        + " (modifiers 7, 1; expected 0, 1)",
                message(new byte[] {0, 0, 0, 0, 7, 0, 0, 1}));
    }

    @Test
    void bytesAfterTheHeaderBlockAreAWireError() {
        assertEquals(
                "REQUEST header block says 0 bytes of headers, but 2 follow",
                message(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 9, 9}));
    }

    @Test
    void anEmptyHeaderNameIsAWireError() {
        assertEquals(
                "REQUEST header block has an empty header name (header 1)",
                message(new byte[] {0, 0, 0, 0, 0, 10, 0, 1, 1, 0, 'H', 0, 0, 0, 0, 1, 0, 'v'}));
    }

    /** Random bytes, and random damage to a valid payload, fail only with WireException. */
    @Test
    void garbageIsAWireErrorNeverAnotherException() throws WireException {
        Random random = new Random(5);
        byte[] valid = RequestHead.encode(UwsgiPacket.encode(vars()), RECEIVED);
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                if (bytes.length >= 4 && random.nextBoolean()) {
                    bytes[1] = (byte) random.nextInt(bytes.length); // plausible datasizes, to reach the block
                    bytes[2] = 0;
                }
            } else {
                bytes = valid.clone();
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                RequestHead.decode(bytes);
                decoded++;
            } catch (WireException e) {
                // expected
            } catch (RuntimeException e) {
                fail("decoding " + Arrays.toString(bytes) + " threw " + e, e);
            }
        }
        assertTrue(decoded > 0, "some damage leaves a valid payload");
    }

    @Test
    void headersOver65535BytesCannotBeEncoded() {
        List<String> big = List.of("X-Big", "x".repeat(65530));

        WireException e = assertThrows(WireException.class, () -> RequestHead.encode(new byte[4], big));

        assertEquals("request headers take 65539 bytes, over the limit of 65535", e.getMessage());
    }

    @Test
    void varsAndHeadersOverOneFrameCannotBeEncoded() throws WireException {
        byte[] fullVars = UwsgiPacket.encode(Map.of("K", "v".repeat(65530)));
        List<String> fullHeaders = List.of("K", "v".repeat(65530));

        WireException e = assertThrows(WireException.class, () -> RequestHead.encode(fullVars, fullHeaders));

        assertEquals("request vars and headers take 131078 bytes, over the frame limit of 131072", e.getMessage());
    }

    @Test
    void theVarsMustBeAWholePacket() {
        assertEquals(
                "not a whole uwsgi packet: 2 bytes",
                assertThrows(IllegalArgumentException.class, () -> RequestHead.encode(new byte[2], List.of()))
                        .getMessage());
        assertEquals(
                "not a whole uwsgi packet: 5 bytes, its header says 4",
                assertThrows(IllegalArgumentException.class, () -> RequestHead.encode(new byte[5], List.of()))
                        .getMessage());
    }

    @Test
    void headersMustBePairsWithNames() {
        assertEquals(
                "headers must be name-value pairs, got 1 strings",
                assertThrows(IllegalArgumentException.class, () -> RequestHead.encode(new byte[4], List.of("Host")))
                        .getMessage());
        assertEquals(
                "header names must not be empty, got one before value 'v'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new RequestHead(Map.of(), Optional.of(List.of("", "v"))))
                        .getMessage());
    }

    @Test
    void theRecordCopiesWhatItIsGiven() {
        Map<String, String> vars = new LinkedHashMap<>(vars());
        List<String> headers = new ArrayList<>(RECEIVED);
        RequestHead head = new RequestHead(vars, Optional.of(headers));
        vars.put("LATE", "x");
        headers.add("Late");

        assertEquals(vars(), head.vars());
        assertEquals(RECEIVED, head.headers().orElseThrow());
        assertThrows(UnsupportedOperationException.class, () -> head.vars().put("A", "b"));
    }

    private static String message(byte[] payload) {
        return assertThrows(WireException.class, () -> RequestHead.decode(payload))
                .getMessage();
    }
}
