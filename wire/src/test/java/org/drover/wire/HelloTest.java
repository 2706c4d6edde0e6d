package org.drover.wire;

import static org.drover.wire.FrameAssertions.wireBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloTest {

    @Test
    void roundTripsThroughAConnection() throws IOException {
        Hello data = new Hello(Hello.DATA, 1, 4711, "s3cr\u00e9t");
        Hello control = new Hello(Hello.CONTROL, 65535, Long.MAX_VALUE, "");
        FrameReader reader =
                new FrameReader(new TrickleChannel(wireBytes(List.of(data.toFrame(), control.toFrame())), () -> 1));

        assertEquals(data, Hello.of(reader.read()));
        assertEquals(control, Hello.of(reader.read()));
    }

    @Test
    void isAHelloFrameOnSlotZeroWithABigEndianLayout() {
        Frame frame = new Hello(Hello.CONTROL, 2, 0x0102030405060708L, "ab").toFrame();

        assertEquals(FrameType.HELLO, frame.type());
        assertEquals(0, frame.slot());
        assertArrayEquals(new byte[] {1, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 'a', 'b'}, frame.payload());
    }

    @Test
    void anotherFrameTypeIsAWireError() {
        WireException e = assertThrows(WireException.class, () -> Hello.of(Frame.text(FrameType.READY, 0, "app")));

        assertEquals("expected HELLO as the first frame, got READY", e.getMessage());
    }

    @Test
    void truncatedPayloadIsAWireError() {
        byte[] payload = Arrays.copyOf(new Hello(Hello.DATA, 1, 1, "").toFrame().payload(), 10);

        WireException e = assertThrows(WireException.class, () -> Hello.of(new Frame(FrameType.HELLO, 0, payload)));

        assertEquals("HELLO payload of 10 bytes is truncated", e.getMessage());
    }

    @Test
    void unknownConnectionKindIsAWireError() {
        byte[] payload = new Hello(Hello.DATA, 1, 1, "x").toFrame().payload();
        payload[0] = 2;

        WireException e = assertThrows(WireException.class, () -> Hello.of(new Frame(FrameType.HELLO, 0, payload)));

        assertEquals("HELLO names connection kind 2, expected 0 or 1", e.getMessage());
    }
}
