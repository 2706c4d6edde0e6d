package org.drover.worker;

import java.util.Map;
import java.util.Optional;
import org.drover.api.Environ;
import org.drover.api.Headers;
import org.drover.wire.FrameWriter;
import org.drover.wire.RequestHead;

/** One request on a slot: its vars and headers, its body as it arrives, and whether the client went away. */
final class SlotRequest {

    /** Stands for "no request yet" so that stray frames have somewhere to be dropped. */
    static final SlotRequest NONE = done();

    private final RequestHead head;
    private final BodyInput body;
    private volatile boolean cancelled;
    private volatile boolean finished;

    SlotRequest(int slot, RequestHead head, FrameWriter writer, WriteGuard guard) {
        this.head = head;
        this.body = new BodyInput(slot, writer, guard);
    }

    private static SlotRequest done() {
        SlotRequest request = new SlotRequest(0, new RequestHead(Map.of(), Optional.empty()), null, null);
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
        return head.vars();
    }

    /**
     * The request as the app sees it. Its headers are those of the REQUEST's header block, or,
     * when the master sent none (a request from nginx), derived from the vars.
     */
    Environ environ() {
        Headers headers = head.headers().map(Headers::of).orElseGet(() -> Headers.fromVars(head.vars()));
        return new Environ(head.vars(), headers, body);
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
