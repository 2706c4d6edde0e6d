package org.drover.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;

/** Frames compared by value (a record with an array compares the array by identity). */
final class FrameAssertions {

    private FrameAssertions() {}

    static void assertSameFrame(Frame expected, Frame actual) {
        assertEquals(expected.type(), actual.type(), "type of " + expected);
        assertEquals(expected.slot(), actual.slot(), "slot of " + expected);
        assertArrayEquals(expected.payload(), actual.payload(), "payload of " + expected);
    }

    static void assertSameFrames(List<Frame> expected, List<Frame> actual) {
        assertEquals(expected.size(), actual.size(), "number of frames");
        for (int i = 0; i < expected.size(); i++) {
            assertSameFrame(expected.get(i), actual.get(i));
        }
    }

    /** The frames' wire bytes, back to back, written with {@link Frame#writeTo}. */
    static byte[] wireBytes(List<Frame> frames) {
        ByteBuffer out =
                ByteBuffer.allocate(frames.stream().mapToInt(Frame::size).sum());
        for (Frame frame : frames) {
            frame.writeTo(out);
        }
        return out.array();
    }
}
