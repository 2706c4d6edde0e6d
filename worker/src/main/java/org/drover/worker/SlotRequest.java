package org.drover.worker;

import java.util.Map;
import org.drover.wire.FrameWriter;

/** One request on a slot: its vars, its body as it arrives, and whether the client went away. */
final class SlotRequest {

    /** Stands for "no request yet" so that stray frames have somewhere to be dropped. */
    static final SlotRequest NONE = done();

    private final Map<String, String> vars;
    private final BodyInput body;
    private volatile boolean cancelled;
    private volatile boolean finished;

    SlotRequest(int slot, Map<String, String> vars, FrameWriter writer, WriteGuard guard) {
        this.vars = vars;
        this.body = new BodyInput(slot, writer, guard);
    }

    private static SlotRequest done() {
        SlotRequest request = new SlotRequest(0, Map.of(), null, null);
        request.body.close();
        request.finish();
        return request;
    }

    /** The request thread is done with this request. */
    void finish() {
        finished = true;
    }

    boolean finished() {
        return finished;
    }

    Map<String, String> vars() {
        return vars;
    }

    BodyInput body() {
        return body;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** The client went away: stop sending, and fail reads of the body. */
    void cancel() {
        cancelled = true;
        body.cancel();
    }
}
