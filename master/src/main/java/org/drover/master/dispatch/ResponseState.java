package org.drover.master.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.drover.wire.ResponseHead;

/**
 * Worker to master: an exchange's response as it arrives, and how it ends. The worker's HEAD and
 * BODY frames are kept here ({@link ResponseBuffer}: memory, then a temporary file) until the
 * client writer takes them; an exchange can also end without the worker's END, when the client
 * goes away, harakiri answers 504, the worker dies or the master answers itself. The first
 * ending wins. Guarded by this object's lock, which the exchange takes after its sender's.
 */
final class ResponseState {

    /** What the client writer does next: apply {@code head} if not null, then write the chunk. */
    record Step(ResponseHead head, ByteBuffer chunk, boolean last) {}

    /** Everything has been written. */
    static final Step DONE = new Step(null, null, true);

    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    private final ResponseBuffer buffered = new ResponseBuffer();
    private ResponseHead head;
    private boolean ended;
    private boolean endFailed;
    private boolean cancelled;
    private boolean committed;
    private boolean lastWritten;
    private String failure;
    private int failureStatus = 502;

    /** Whether the response is over for the master: the client left, or it has ended. */
    synchronized boolean over() {
        return cancelled || ended;
    }

    synchronized void workerToMasterHead(ResponseHead decoded) {
        if (!over()) {
            head = decoded;
        }
    }

    /** Keeps a body chunk; returns why it could not be spooled, or null. */
    synchronized String workerToMasterBody(byte[] chunk) {
        if (over()) {
            return null;
        }
        try {
            buffered.add(chunk);
            return null;
        } catch (UncheckedIOException e) {
            return e.getMessage() + ": " + e.getCause().getMessage();
        }
    }

    /** The worker's END: complete, or failed after its head (the client connection is then aborted). */
    synchronized void workerToMasterEnd(boolean failed) {
        if (!ended) {
            ended = true;
            endFailed = failed;
            if (failed && !cancelled) {
                failure = "the app failed while sending its response";
            }
        }
    }

    /** The client went away: what the worker still sends is dropped. False if it was over already. */
    synchronized boolean cancel() {
        if (over()) {
            return false;
        }
        cancelled = true;
        buffered.clear();
        return true;
    }

    /** The client left before a worker took the request. */
    synchronized void withdrawn() {
        ended = true;
        cancelled = true;
    }

    /**
     * The exchange fails for the master's reasons: the client gets this status (502, or 504 at
     * harakiri) or, if its response has started, an aborted connection. False if it was over.
     */
    synchronized boolean fail(int status, String reason) {
        if (over()) {
            return false;
        }
        ended = true;
        endFailed = true;
        failure = reason;
        failureStatus = status;
        buffered.clear();
        return true;
    }

    /** The worker died with the request on it. False if the response had ended already. */
    synchronized boolean lost(String reason) {
        if (ended) {
            return false;
        }
        ended = true;
        endFailed = true;
        failure = reason;
        return true;
    }

    /** The master answers itself, for a request that never reached a worker. False if it had ended. */
    synchronized boolean answer(PlainAnswer answer) {
        if (ended) {
            return false;
        }
        ended = true;
        setPlain(answer);
        return true;
    }

    /**
     * The client writer's next step, or null while there is nothing to write yet.
     *
     * @throws IOException when the response cannot go on: the client left, or it failed after
     *     its head was sent
     */
    synchronized Step next() throws IOException {
        if (lastWritten) {
            return DONE;
        }
        if (cancelled) {
            throw new IOException("the client went away");
        }
        if (endFailed) {
            if (committed) {
                throw new IOException(failure);
            }
            setPlain(PlainAnswer.of(failureStatus, failure));
            endFailed = false;
        }
        ResponseHead commit = null;
        if (!committed) {
            if (head == null && !ended) {
                return null;
            }
            if (head == null) {
                setPlain(PlainAnswer.of(502, "the worker ended the request without a response"));
            }
            if (buffered.isEmpty() && !ended) {
                return null; // the head waits for the first bytes: a failure before them is still a 502
            }
            commit = head;
            committed = true;
        }
        ByteBuffer chunk = buffered.poll();
        boolean last = ended && buffered.isEmpty();
        if (chunk == null && !last) {
            return null;
        }
        lastWritten = last;
        return new Step(commit, chunk == null ? NO_BYTES : chunk, last);
    }

    /** The status sent, or 0 if none was; the spool goes. */
    synchronized int close() {
        buffered.close();
        return head == null ? 0 : head.status();
    }

    /** Why the client's connection was aborted after its response had started, or null. */
    synchronized String abortReason(Throwable cause) {
        return cause != null && failure != null && committed ? failure : null;
    }

    private void setPlain(PlainAnswer answer) {
        head = answer.head();
        buffered.clear();
        buffered.add(answer.body());
    }
}
