package org.drover.worker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.ResponseHead;
import org.drover.wire.WireException;

/** Frames read back from the worker, described as short text so that a test can compare whole sequences. */
final class Frames {

    private Frames() {}

    /**
     * One line per frame: {@code HEAD 200 OK [Content-Type, text/plain]}, {@code BODY 5},
     * {@code END COMPLETE}, {@code END FAILED}, {@code CREDIT 100}; each prefixed by its slot if not 0.
     */
    static List<String> describe(List<Frame> frames) {
        return frames.stream().map(Frames::describe).collect(Collectors.toList());
    }

    static String describe(Frame frame) {
        String slot = frame.slot() == 0 ? "" : "slot " + frame.slot() + " ";
        try {
            return slot
                    + switch (frame.type()) {
                        case HEAD -> {
                            ResponseHead head = ResponseHead.decode(frame.payload());
                            yield "HEAD " + head.status() + " " + head.reason() + " " + head.headers();
                        }
                        case BODY -> "BODY " + frame.payload().length;
                        case END ->
                            "END "
                                    + (frame.payload()[0] == FrameType.END_COMPLETE
                                            ? "COMPLETE"
                                            : "FAILED " + frame.payload()[0]);
                        case CREDIT -> "CREDIT " + frame.intValue();
                        default -> frame.toString();
                    };
        } catch (WireException e) {
            throw new AssertionError("the worker sent a bad " + frame + ": " + e.getMessage(), e);
        }
    }

    /** The BODY payloads, back to back. */
    static byte[] body(List<Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame frame : frames) {
            if (frame.type() == FrameType.BODY) {
                out.writeBytes(frame.payload());
            }
        }
        return out.toByteArray();
    }

    /** The BODY payloads as UTF-8 text. */
    static String text(List<Frame> frames) {
        return new String(body(frames), StandardCharsets.UTF_8);
    }
}
