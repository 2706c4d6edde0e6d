package org.drover.master.dispatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;

/**
 * Master to worker: the frames the master sends on an exchange's slot. The REQUEST goes with as
 * much of the buffered body as the window allows; the rest follows as the worker's CREDIT comes;
 * a CANCEL stops the body, and harakiri's INTERRUPT asks the slot's thread to give up.
 *
 * <p>Every send happens under this object's lock, which the exchange also holds when the
 * worker's END comes in: so nothing of this request follows the END on the wire, and nothing
 * can reach the slot's next request.
 */
final class RequestSender {

    /** Request-body bytes the master may send ahead of the worker's credit. */
    static final int BODY_WINDOW = 256 * 1024;

    private final byte[] payload;
    private final RequestBody body;
    private MasterSlot slot;
    private boolean sentRequest;
    private boolean workerEnded;
    private long bodySent;
    private long bodyCredit = BODY_WINDOW;
    private boolean bodyStopped;

    RequestSender(byte[] payload, RequestBody body) {
        this.payload = payload;
        this.body = body;
    }

    /**
     * Sends the REQUEST, and as much of the body as the window allows, to this slot; if the
     * client has gone already, a CANCEL instead of the body: the worker still answers with an
     * END, and only that returns the slot.
     *
     * @return why the body could not be read, or null
     */
    synchronized String masterToWorkerRequest(MasterSlot target, boolean clientGone) {
        slot = target;
        int first = (int) Math.min(body.size(), BODY_WINDOW);
        int frames = (first + Frame.MAX_CHUNK - 1) / Frame.MAX_CHUNK;
        ByteBuffer out =
                ByteBuffer.allocate(Frame.HEADER + payload.length + frames * Frame.HEADER + first + 2 * Frame.HEADER);
        Frame.writeHeader(out, FrameType.REQUEST, target.id(), payload.length);
        out.put(payload);
        String problem = null;
        if (clientGone) {
            bodyStopped = true;
            Frame.writeHeader(out, FrameType.CANCEL, target.id(), 0);
        } else {
            problem = appendBody(out, first);
        }
        sentRequest = true;
        send(out.flip());
        return problem;
    }

    /** The worker consumed this many body bytes: the window moves on. */
    synchronized void credit(int bytes) {
        bodyCredit += bytes;
    }

    /**
     * Sends the next part of the body, as far as the worker's credit goes.
     *
     * @return why the body could not be read, or null
     */
    synchronized String masterToWorkerBody() {
        long limit = Math.min(body.size() - bodySent, bodyCredit);
        if (bodyStopped || !sentRequest || limit <= 0) {
            return null;
        }
        int n = (int) limit;
        int frames = (n + Frame.MAX_CHUNK - 1) / Frame.MAX_CHUNK;
        ByteBuffer out = ByteBuffer.allocate(frames * Frame.HEADER + n + Frame.HEADER);
        String problem = appendBody(out, n);
        send(out.flip());
        return problem;
    }

    /** No more body: the response ended, or harakiri answered the client. */
    synchronized void stopBody() {
        bodyStopped = true;
    }

    /** The worker's END came: the slot is about to be free, so nothing more may go out. */
    synchronized void workerEnded() {
        bodyStopped = true;
        workerEnded = true;
    }

    /** Stops the body and tells the worker the request is over, if it has the request and has not ended it. */
    synchronized void masterToWorkerCancel() {
        bodyStopped = true;
        if (sentRequest && !workerEnded) {
            send(Frame.of(FrameType.CANCEL, slot.id()).encode());
        }
    }

    /**
     * Harakiri, once the stuck thread's stack is taken: the worker cancels the request and
     * interrupts the slot's thread. On the data connection, in order with the slot's frames.
     */
    synchronized void masterToWorkerInterrupt() {
        if (sentRequest && !workerEnded) {
            send(Frame.of(FrameType.INTERRUPT, slot.id()).encode());
        }
    }

    /** Appends whole BODY frames (and BODY_END after the last byte); only complete frames on failure. */
    private String appendBody(ByteBuffer out, int n) {
        int left = n;
        try {
            while (left > 0) {
                int chunk = Math.min(left, Frame.MAX_CHUNK);
                byte[] bytes = body.read(bodySent, chunk);
                Frame.writeHeader(out, FrameType.BODY, slot.id(), bytes.length);
                out.put(bytes);
                bodySent += chunk;
                bodyCredit -= chunk;
                left -= chunk;
            }
        } catch (IOException e) {
            return "cannot read the buffered request body: " + e.getMessage();
        }
        if (bodySent == body.size()) {
            Frame.writeHeader(out, FrameType.BODY_END, slot.id(), 0);
            bodyStopped = true;
        }
        return null;
    }

    private void send(ByteBuffer frames) {
        try {
            slot.worker().send(frames);
        } catch (IOException e) {
            // The connection is failing; its reader fails this exchange with the others.
        }
    }
}
