package org.drover.master;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.ResponseHead;
import org.drover.wire.WireException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One HTTP request forwarded to a worker slot, hop by hop: the master sends the request and
 * its body to the worker (against the worker's credit), takes the worker's response frames on
 * the connection's reader thread, and writes them to the client from the executor.
 */
final class Exchange {

    /** Request-body bytes the master may send ahead of the worker's credit. */
    static final int BODY_WINDOW = 256 * 1024;
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final byte[] vars;
    private final RequestBody body;
    private final RequestLog log;
    private final long started = System.nanoTime();
    private final ClientWriter clientWriter = new ClientWriter();

    /** Set by the dispatcher under its lock before {@link #start()} runs. */
    private volatile MasterSlot slot;

    // Response state, guarded by this.
    private final ResponseBuffer buffered = new ResponseBuffer();
    private ResponseHead head;
    private boolean ended;
    private boolean endFailed;
    private boolean cancelled;
    private boolean committed;
    private boolean lastWritten;
    private String failure;
    private long bytesSent;

    // Request-body state, guarded by bodyLock; sends happen under it so they stay in order.
    private final Object bodyLock = new Object();
    private long bodySent;
    private long bodyCredit = BODY_WINDOW;
    private boolean bodyStopped;

    Exchange(Request request, Response response, Callback callback, byte[] vars, RequestBody body, RequestLog log) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.vars = vars;
        this.body = body;
        this.log = log;
    }

    MasterSlot slot() {
        return slot;
    }

    /** The dispatcher gave this exchange a slot. */
    void assigned(MasterSlot slot) {
        this.slot = slot;
    }

    // ---- master to worker ----

    /** Sends the request, and as much of its body as the window allows, to the assigned slot. */
    void start() {
        MasterSlot target = slot;
        synchronized (bodyLock) {
            int first = (int) Math.min(body.size(), BODY_WINDOW);
            int frames = (first + Frame.MAX_CHUNK - 1) / Frame.MAX_CHUNK;
            ByteBuffer out = ByteBuffer.allocate(Frame.HEADER + vars.length + frames * Frame.HEADER + first + Frame.HEADER);
            Frame.writeHeader(out, FrameType.REQUEST, target.id(), vars.length);
            out.put(vars);
            try {
                appendBody(out, target, first);
            } catch (IOException e) {
                failBeforeWorker("cannot read the buffered request body: " + e.getMessage());
                return;
            }
            send(target, out.flip());
        }
    }

    /** More credit from the worker: send the next part of the body. */
    private void pumpBody() {
        MasterSlot target = slot;
        synchronized (bodyLock) {
            long limit = Math.min(body.size() - bodySent, bodyCredit);
            if (bodyStopped || limit <= 0) {
                return;
            }
            int n = (int) limit;
            int frames = (n + Frame.MAX_CHUNK - 1) / Frame.MAX_CHUNK;
            ByteBuffer out = ByteBuffer.allocate(frames * Frame.HEADER + n + Frame.HEADER);
            try {
                appendBody(out, target, n);
            } catch (IOException e) {
                bodyStopped = true;
                return;
            }
            send(target, out.flip());
        }
    }

    private void appendBody(ByteBuffer out, MasterSlot target, int n) throws IOException {
        int left = n;
        while (left > 0) {
            int chunk = Math.min(left, Frame.MAX_CHUNK);
            byte[] bytes = body.read(bodySent, chunk);
            Frame.writeHeader(out, FrameType.BODY, target.id(), bytes.length);
            out.put(bytes);
            bodySent += chunk;
            bodyCredit -= chunk;
            left -= chunk;
        }
        if (bodySent == body.size()) {
            Frame.writeHeader(out, FrameType.BODY_END, target.id(), 0);
            bodyStopped = true;
        }
    }

    private static void send(MasterSlot target, ByteBuffer frames) {
        try {
            target.worker().send(frames);
        } catch (IOException e) {
            // The connection is failing; its reader fails this exchange with the others.
        }
    }

    /** The client went away: tell the worker, and drop what it still sends, until its END. */
    private void cancel() {
        MasterSlot target = slot;
        synchronized (this) {
            if (ended || cancelled) {
                return;
            }
            cancelled = true;
            buffered.clear();
        }
        synchronized (bodyLock) {
            bodyStopped = true;
            if (target != null) {
                send(target, Frame.of(FrameType.CANCEL, target.id()).encode());
            }
        }
    }

    // ---- worker to master, on the connection's reader thread ----

    /**
     * Takes one frame of this exchange's slot.
     *
     * @return true if there is something new to write to the client
     */
    boolean accept(Frame frame, Executor executor) throws WireException {
        switch (frame.type()) {
            case HEAD -> {
                ResponseHead decoded = ResponseHead.decode(frame.payload());
                synchronized (this) {
                    if (!cancelled && !ended) {
                        head = decoded;
                    }
                }
                return true;
            }
            case BODY -> {
                synchronized (this) {
                    if (!cancelled && !ended) {
                        buffered.add(frame.payload());
                    }
                }
                return true;
            }
            case END -> {
                synchronized (bodyLock) {
                    bodyStopped = true;
                }
                synchronized (this) {
                    if (!ended) {
                        ended = true;
                        endFailed = frame.payload().length > 0 && frame.payload()[0] == FrameType.END_FAILED;
                        if (endFailed && !cancelled) {
                            failure = "the app failed while sending its response";
                        }
                    }
                }
                return true;
            }
            case CREDIT -> {
                int credit = frame.intValue();
                synchronized (bodyLock) {
                    bodyCredit += credit;
                }
                executor.execute(this::pumpBody);
                return false;
            }
            default -> throw new WireException("unexpected " + frame + " from a worker");
        }
    }

    /** Writes what arrived to the client, on an executor thread. */
    void scheduleWrite(Executor executor) {
        executor.execute(clientWriter::iterate);
    }

    /** The worker died with this request on it: 502 if nothing has been sent yet, else abort. */
    void workerLost(Executor executor) {
        WorkerHandle worker = slot == null ? null : slot.worker().worker();
        String who = worker == null ? "the worker" : "worker " + worker.index() + " (pid: " + worker.pid() + ")";
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            endFailed = true;
            failure = who + " died during the request";
        }
        scheduleWrite(executor);
    }

    /** The request never reached a worker; answer with a status of the master's own. */
    void failBeforeWorker(String reason) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            endFailed = true;
            failure = reason;
        }
        clientWriter.iterate();
    }

    /** Answers {@code 503} at once: every slot is busy and the queue is full. */
    void refuse(int listen) {
        synchronized (this) {
            ended = true;
            head = plain(503, "Service Unavailable", "every worker is busy and the queue of " + listen + " is full",
                    "Retry-After", "1");
        }
        clientWriter.iterate();
    }

    private ResponseHead plain(int status, String reason, String text, String... extraHeaders) {
        byte[] bytes = (status + " " + reason + ": " + text + "\n").getBytes(StandardCharsets.UTF_8);
        buffered.clear();
        buffered.add(bytes);
        List<String> headers = new java.util.ArrayList<>(List.of("Content-Type", "text/plain; charset=utf-8",
                "Content-Length", Integer.toString(bytes.length)));
        headers.addAll(List.of(extraHeaders));
        return new ResponseHead(status, reason, headers);
    }

    /** The client connection failed (closed, idle timeout) while this request was queued or running. */
    void clientFailed(Dispatcher dispatcher) {
        if (slot == null && dispatcher.withdraw(this)) {
            synchronized (this) {
                ended = true;
                cancelled = true;
            }
            body.close();
            return;
        }
        cancel();
    }

    /** Writes the response to the client one chunk at a time, as Jetty's write callbacks allow. */
    private final class ClientWriter extends IteratingCallback {

        @Override
        protected Action process() throws Throwable {
            ByteBuffer chunk;
            boolean last;
            synchronized (Exchange.this) {
                if (lastWritten) {
                    return Action.SUCCEEDED;
                }
                if (cancelled) {
                    throw new IOException("the client went away");
                }
                if (endFailed) {
                    if (committed) {
                        throw new IOException(failure);
                    }
                    head = plain(502, "Bad Gateway", failure);
                    endFailed = false;
                }
                if (!committed) {
                    if (head == null) {
                        if (!ended) {
                            return Action.IDLE;
                        }
                        head = plain(502, "Bad Gateway", "the worker ended the request without a response");
                    }
                    applyHead(head);
                    committed = true;
                }
                chunk = buffered.poll();
                last = ended && buffered.isEmpty();
                if (chunk == null && !last) {
                    return Action.IDLE;
                }
                if (last) {
                    lastWritten = true;
                }
            }
            if (chunk == null) {
                chunk = NO_BYTES;
            }
            bytesSent += chunk.remaining();
            response.write(last, chunk, this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteSuccess() {
            finish(null);
            callback.succeeded();
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            cancel();
            finish(cause);
            callback.failed(cause);
        }
    }

    private void applyHead(ResponseHead head) {
        response.setStatus(head.status());
        List<String> headers = head.headers();
        var fields = response.getHeaders();
        for (int i = 0; i < headers.size(); i += 2) {
            String name = headers.get(i);
            if (name.equalsIgnoreCase("Transfer-Encoding")) {
                continue; // the master frames the body for its own client
            }
            if (name.equalsIgnoreCase("Content-Length")) {
                fields.put(HttpHeader.CONTENT_LENGTH, headers.get(i + 1));
            } else {
                fields.add(name, headers.get(i + 1));
            }
        }
    }

    private void finish(Throwable cause) {
        body.close();
        synchronized (this) {
            buffered.close();
        }
        MasterSlot done = slot;
        WorkerHandle worker = done == null ? null : done.worker().worker();
        int status = head == null ? 0 : head.status();
        if (cause != null && failure != null && committed) {
            log.console("aborted " + request.getMethod() + " " + request.getHttpURI().getPathQuery()
                    + " after the response started: " + failure);
        }
        log.record(worker, done == null ? -1 : done.id(), request, status, bytesSent,
                System.nanoTime() - started, vars.length);
    }
}
