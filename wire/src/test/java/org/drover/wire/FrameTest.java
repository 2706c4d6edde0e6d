package org.drover.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameTest {

    @Test
    void headerIsTypeSlotLengthBigEndian() {
        Frame frame = new Frame(FrameType.HEAD, 0x0102, new byte[] {9, 8});

        byte[] wire = toArray(frame.encode());

        assertArrayEquals(new byte[] {16, 1, 2, 0, 0, 0, 2, 9, 8}, wire);
        assertEquals(Frame.HEADER + 2, frame.size());
    }

    @Test
    void writeToAndEncodeGiveTheSameBytes() {
        Frame frame = new Frame(FrameType.BODY, Frame.MAX_SLOT, new byte[] {1, 2, 3});
        ByteBuffer out = ByteBuffer.allocate(5 + frame.size());
        out.position(5);

        frame.writeTo(out);

        assertEquals(5 + frame.size(), out.position());
        assertArrayEquals(toArray(frame.encode()), Arrays.copyOfRange(out.array(), 5, out.position()));
    }

    @Test
    void writeHeaderLetsTheCallerPlaceThePayload() {
        ByteBuffer out = ByteBuffer.allocate(Frame.HEADER + 3);
        Frame.writeHeader(out, FrameType.BODY, 7, 3);
        out.put(new byte[] {4, 5, 6});

        assertArrayEquals(toArray(new Frame(FrameType.BODY, 7, new byte[] {4, 5, 6}).encode()), out.array());
    }

    @Test
    void codesAreDistinctAndDecodeBack() {
        Set<Integer> codes = new HashSet<>();
        for (FrameType type : FrameType.values()) {
            assertTrue(codes.add(type.code()), "code " + type.code() + " used twice");
            assertTrue(type.code() >= 0 && type.code() <= 255, type + " code must fit in a byte");
            assertSame(type, FrameType.of(type.code()));
        }
        assertNull(FrameType.of(0));
        assertNull(FrameType.of(255));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Frame.MAX_SLOT + 1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void slotOutOfRangeIsRejectedNamingIt(int slot) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Frame.of(FrameType.BODY, slot));
        assertEquals("slot must be 0-65535, got " + slot, e.getMessage());
    }

    @Test
    void slotRangeEndsAreAccepted() {
        assertEquals(0, Frame.of(FrameType.BODY, 0).slot());
        assertEquals(65535, Frame.of(FrameType.BODY, Frame.MAX_SLOT).slot());
    }

    @Test
    void payloadOverTheLimitIsRejectedNamingItsSize() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new Frame(FrameType.BODY, 1, new byte[Frame.MAX_PAYLOAD + 1]));
        assertEquals("frame payload must be <= 131072 bytes, got 131073", e.getMessage());
        assertEquals(Frame.MAX_PAYLOAD, new Frame(FrameType.BODY, 1, new byte[Frame.MAX_PAYLOAD]).payload().length);
    }

    @Test
    void nullTypeOrPayloadIsRejected() {
        assertThrows(NullPointerException.class, () -> new Frame(null, 1, new byte[0]));
        assertThrows(NullPointerException.class, () -> new Frame(FrameType.BODY, 1, null));
    }

    @Test
    void textIsUtf8() {
        Frame frame = Frame.text(FrameType.LOAD_FAILED, 0, "Gr\u00fc\u00dfe \u20ac");

        assertArrayEquals(
                new byte[] {
                    'G',
                    'r',
                    (byte) 0xc3,
                    (byte) 0xbc,
                    (byte) 0xc3,
                    (byte) 0x9f,
                    'e',
                    ' ',
                    (byte) 0xe2,
                    (byte) 0x82,
                    (byte) 0xac
                },
                frame.payload());
        assertEquals("Gr\u00fc\u00dfe \u20ac", frame.text());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 256 * 1024, Integer.MAX_VALUE, -1})
    void intValueRoundTripsAsBigEndianU32(int value) throws WireException {
        Frame frame = Frame.ofInt(FrameType.CREDIT, 3, value);

        assertEquals(4, frame.payload().length);
        assertEquals(value, frame.intValue());
    }

    @Test
    void creditIsBigEndian() {
        assertArrayEquals(
                new byte[] {0, 4, 0, 0},
                Frame.ofInt(FrameType.CREDIT, 3, 256 * 1024).payload());
    }

    @Test
    void intValueOfAPayloadThatIsNotFourBytesIsAWireError() {
        WireException e =
                assertThrows(WireException.class, () -> new Frame(FrameType.CREDIT, 3, new byte[3]).intValue());
        assertEquals("CREDIT frame must carry 4 bytes, got 3", e.getMessage());
    }

    @Test
    void toStringNamesTypeSlotAndSize() {
        assertEquals("BODY[slot 4, 2 bytes]", new Frame(FrameType.BODY, 4, new byte[2]).toString());
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
