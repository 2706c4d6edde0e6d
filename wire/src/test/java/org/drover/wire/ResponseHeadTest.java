package org.drover.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseHeadTest {

    private static final ResponseHead COOKIES = new ResponseHead(
            200,
            "OK",
            List.of(
                    "Content-Type", "text/plain; charset=\u00e9",
                    "Set-Cookie", "a=1",
                    "Set-Cookie", "b=2",
                    "X-Empty", ""));

    @Test
    void roundTripKeepsRepeatedNamesInOrder() throws WireException {
        ResponseHead decoded = ResponseHead.decode(COOKIES.encode());

        assertEquals(COOKIES, decoded);
        assertEquals(
                List.of("Set-Cookie", "a=1", "Set-Cookie", "b=2"),
                decoded.headers().subList(2, 6));
    }

    @Test
    void roundTripOfAnEmptyHead() throws WireException {
        ResponseHead head = new ResponseHead(204, "", List.of());

        assertEquals(head, ResponseHead.decode(head.encode()));
    }

    @Test
    void layoutIsBigEndian() {
        byte[] payload = new ResponseHead(404, "No", List.of("A", "bc")).encode();

        assertArrayEquals(new byte[] {0x01, (byte) 0x94, 0, 2, 'N', 'o', 0, 1, 0, 1, 'A', 0, 2, 'b', 'c'}, payload);
    }

    @Test
    void everyTruncationIsAWireError() {
        byte[] payload = COOKIES.encode();

        for (int length = 0; length < payload.length; length++) {
            byte[] cut = Arrays.copyOf(payload, length);
            WireException e = assertThrows(WireException.class, () -> ResponseHead.decode(cut), "cut to " + length);
            assertEquals("HEAD payload of " + length + " bytes is truncated", e.getMessage());
        }
    }

    @Test
    void trailingBytesAreAWireError() {
        byte[] payload = Arrays.copyOf(COOKIES.encode(), COOKIES.encode().length + 2);

        WireException e = assertThrows(WireException.class, () -> ResponseHead.decode(payload));

        assertEquals("HEAD payload has 2 bytes after its last header", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 99, 1000, 65535})
    void statusOutOfRangeOnTheWireIsAWireError(int status) {
        byte[] payload = {(byte) (status >> 8), (byte) status, 0, 0, 0, 0};

        WireException e = assertThrows(WireException.class, () -> ResponseHead.decode(payload));

        assertEquals("HEAD status must be 100-999, got " + status, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 999})
    void statusRangeEndsAreAccepted(int status) throws WireException {
        ResponseHead head = new ResponseHead(status, "x", List.of());

        assertEquals(head, ResponseHead.decode(head.encode()));
    }

    @Test
    void statusOutOfRangeIsRejectedByTheConstructor() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ResponseHead(99, "x", List.of()));

        assertEquals("status must be 100-999, got 99", e.getMessage());
    }

    @Test
    void headersMustComeInPairs() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new ResponseHead(200, "OK", List.of("Content-Type")));

        assertEquals("headers must be name-value pairs, got 1 strings", e.getMessage());
    }

    @Test
    void headersAreCopied() {
        List<String> headers = new ArrayList<>(List.of("A", "b"));
        ResponseHead head = new ResponseHead(200, "OK", headers);
        headers.add("C");

        assertEquals(List.of("A", "b"), head.headers());
        assertThrows(UnsupportedOperationException.class, () -> head.headers().add("x"));
    }

    @Test
    void aStringOver65535BytesCannotBeEncoded() {
        ResponseHead head = new ResponseHead(200, "OK", List.of("X-Big", "x".repeat(65536)));

        assertThrows(IllegalArgumentException.class, head::encode);
    }
}
