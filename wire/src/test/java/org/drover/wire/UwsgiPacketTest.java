package org.drover.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UwsgiPacketTest {

    @Test
    void emptyVarsAreJustTheHeader() throws WireException {
        byte[] packet = UwsgiPacket.encode(Map.of());

        assertArrayEquals(new byte[] {0, 0, 0, 0}, packet);
        assertEquals(Map.of(), UwsgiPacket.decode(packet));
    }

    @Test
    void sizesAreLittleEndian() throws WireException {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("AB", "x");
        vars.put("K", "v".repeat(300));

        byte[] packet = UwsgiPacket.encode(vars);

        // datasize = (2 + 2 + 2 + 1) + (2 + 1 + 2 + 300) = 312 = 0x0138
        assertEquals(4 + 312, packet.length);
        assertArrayEquals(
                new byte[] {0, 0x38, 0x01, 0, 2, 0, 'A', 'B', 1, 0, 'x', 1, 0, 'K', 0x2c, 0x01},
                java.util.Arrays.copyOf(packet, 16));
        assertEquals(312, UwsgiPacket.datasize(packet));
    }

    @Test
    void decodesAPacketAsNginxSendsIt() throws WireException {
        // uwsgi_pass: modifier1 0, datasize 0x001b (27), modifier2 0, then the vars
        byte[] packet = {
            0, 27, 0, 0, 14, 0, 'R', 'E', 'Q', 'U', 'E', 'S', 'T', '_', 'M', 'E', 'T', 'H', 'O', 'D', 3, 0, 'G', 'E',
            'T', 2, 0, 'X', '-', 0, 0
        };

        Map<String, String> vars = UwsgiPacket.decode(packet);

        assertEquals(Map.of("REQUEST_METHOD", "GET", "X-", ""), vars);
    }

    @Test
    void varsRoundTripInOrder() throws WireException {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REQUEST_METHOD", "POST");
        vars.put("REQUEST_URI", "/a/b?c=d");
        vars.put("QUERY_STRING", "c=d");
        vars.put("CONTENT_LENGTH", "12");
        vars.put("HTTP_HOST", "example.org");
        vars.put("EMPTY", "");
        vars.put("", "empty key");

        Map<String, String> decoded = UwsgiPacket.decode(UwsgiPacket.encode(vars));

        assertEquals(vars, decoded);
        assertEquals(List.copyOf(vars.keySet()), List.copyOf(decoded.keySet()));
    }

    @Test
    void everyByteValueSurvivesARoundTrip() throws WireException {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String latin1 = new String(all, StandardCharsets.ISO_8859_1);
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(latin1, latin1);
        vars.put("PATH_INFO", "/caf\u00e9/\u00ff");

        byte[] packet = UwsgiPacket.encode(vars);
        Map<String, String> decoded = UwsgiPacket.decode(packet);

        assertEquals(vars, decoded);
        assertArrayEquals(all, decoded.keySet().iterator().next().getBytes(StandardCharsets.ISO_8859_1));
        assertArrayEquals(packet, UwsgiPacket.encode(decoded), "bytes -> strings -> the same bytes");
    }

    @Test
    void datasizeOf65535Fits() throws WireException {
        // 2 + 1 + 2 + 65530 = 65535
        Map<String, String> vars = Map.of("K", "v".repeat(65530));

        byte[] packet = UwsgiPacket.encode(vars);

        assertEquals(UwsgiPacket.HEADER + UwsgiPacket.MAX_DATASIZE, packet.length);
        assertEquals(0xff, packet[1] & 0xff);
        assertEquals(0xff, packet[2] & 0xff);
        assertEquals(65535, UwsgiPacket.datasize(packet));
        assertEquals(vars, UwsgiPacket.decode(packet));
    }

    @Test
    void datasizeOver65535IsRejectedNamingIt() {
        WireException e = assertThrows(WireException.class, () -> UwsgiPacket.encode(Map.of("K", "v".repeat(65531))));

        assertEquals("uwsgi vars take 65536 bytes, over the limit of 65535", e.getMessage());
    }

    @Test
    void manyVarsOverTheLimitAreRejected() {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            vars.put("HTTP_X_" + i, "v".repeat(1000));
        }

        assertThrows(WireException.class, () -> UwsgiPacket.encode(vars));
    }

    @Test
    void aValueOver65535BytesIsRejectedNamingItsKey() {
        WireException e =
                assertThrows(WireException.class, () -> UwsgiPacket.encode(Map.of("HTTP_COOKIE", "c".repeat(65536))));

        assertEquals("uwsgi var HTTP_COOKIE is over 65535 bytes", e.getMessage());
    }

    @Test
    void keyRunningPastTheEndIsTruncated() {
        byte[] packet = {0, 5, 0, 0, 10, 0, 'A', 'B', 'C'};

        WireException e = assertThrows(WireException.class, () -> UwsgiPacket.decode(packet));

        assertEquals("uwsgi packet truncated: key (10 bytes at offset 6) runs past its end", e.getMessage());
    }

    @Test
    void valueRunningPastTheEndIsTruncated() {
        byte[] packet = {0, 7, 0, 0, 1, 0, 'A', 9, 0, 'x', 'y'};

        WireException e = assertThrows(WireException.class, () -> UwsgiPacket.decode(packet));

        assertEquals("uwsgi packet truncated: value of A (9 bytes at offset 9) runs past its end", e.getMessage());
    }

    @Test
    void sizeFieldRunningPastTheEndIsTruncated() {
        byte[] missingValueSize = {0, 4, 0, 0, 1, 0, 'A', 3};
        byte[] halfKeySize = {0, 1, 0, 0, 1};

        assertEquals(
                "uwsgi packet truncated: size of A at offset 7 runs past its end",
                assertThrows(WireException.class, () -> UwsgiPacket.decode(missingValueSize))
                        .getMessage());
        assertEquals(
                "uwsgi packet truncated: key size at offset 4 runs past its end",
                assertThrows(WireException.class, () -> UwsgiPacket.decode(halfKeySize))
                        .getMessage());
    }

    @Test
    void everyTruncationOfAValidPacketIsAWireError() throws WireException {
        byte[] packet = UwsgiPacket.encode(Map.of("REQUEST_METHOD", "GET", "PATH_INFO", "/x"));

        for (int length = 0; length < packet.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(packet, length);
            assertThrows(WireException.class, () -> UwsgiPacket.decode(cut), "cut to " + length + " bytes");
        }
    }

    @Test
    void datasizeThatDisagreesWithThePacketIsRejected() {
        byte[] shortOfHeader = {0, 7, 0, 0, 1, 0, 'A', 1, 0};
        byte[] pastHeader = {0, 3, 0, 0, 1, 0, 'A', 1, 0, 'x', 9};

        assertEquals(
                "uwsgi packet header says 7 bytes of vars, but 5 follow",
                assertThrows(WireException.class, () -> UwsgiPacket.decode(shortOfHeader))
                        .getMessage());
        assertEquals(
                "uwsgi packet header says 3 bytes of vars, but 7 follow",
                assertThrows(WireException.class, () -> UwsgiPacket.decode(pastHeader))
                        .getMessage());
    }

    @Test
    void packetShorterThanItsHeaderIsRejected() {
        WireException e = assertThrows(WireException.class, () -> UwsgiPacket.decode(new byte[] {0, 0}));

        assertEquals("uwsgi packet of 2 bytes is shorter than its header", e.getMessage());
    }

    @Test
    void repeatedKeyKeepsItsLastValue() throws WireException {
        byte[] packet = {0, 12, 0, 0, 1, 0, 'A', 1, 0, 'x', 1, 0, 'A', 1, 0, 'y'};

        assertEquals(Map.of("A", "y"), UwsgiPacket.decode(packet));
    }

    @Test
    void decodeVarsReadsARangeAfterAHeaderReadSeparately() throws WireException {
        byte[] packet = UwsgiPacket.encode(Map.of("A", "b"));
        byte[] framed = new byte[packet.length + 3];
        System.arraycopy(packet, 0, framed, 2, packet.length);

        int datasize = UwsgiPacket.datasize(packet);

        assertEquals(
                Map.of("A", "b"),
                UwsgiPacket.decodeVars(framed, 2 + UwsgiPacket.HEADER, 2 + UwsgiPacket.HEADER + datasize));
    }

    @Test
    void decodePairsKeepsEveryValueOfARepeatedKeyInOrder() throws WireException {
        byte[] packet = {0, 18, 0, 0, 1, 0, 'A', 1, 0, 'x', 1, 0, 'B', 1, 0, 'z', 1, 0, 'A', 1, 0, 'y'};

        assertEquals(List.of("A", "x", "B", "z", "A", "y"), UwsgiPacket.decodePairs(packet, 4, packet.length));
    }

    @Test
    void builderOverTheLimitIsRejectedNamingIt() {
        UwsgiPacket.Builder builder = UwsgiPacket.builder().add("K", "v".repeat(65531));

        WireException e = assertThrows(WireException.class, builder::build);

        assertEquals("uwsgi vars take 65536 bytes, over the limit of 65535", e.getMessage());
    }
}
