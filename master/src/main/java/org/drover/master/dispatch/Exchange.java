package org.drover.master.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.drover.master.apps.AppSnapshot;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.ResponseHead;
import org.drover.wire.WireException;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One request forwarded to a worker slot, hop by hop: the master sends the request and
 * its body to the worker (against the worker's credit), takes the worker's response frames on
 * the connection's reader thread, and writes them to the client from that thread (or from
 * Jetty's, when a write completes later).
 *
 * <p>Two locks, always taken in this order: {@code bodyLock} orders everything the master sends
 * on the slot (REQUEST, BODY, CANCEL) against the worker's END, so that nothing of this
 * exchange follows the slot's next REQUEST; {@code this} guards the response state.
 */
public final class Exchange {

    /** Told of every exchange once its response is over: the request log and the metrics. */
    @FunctionalInterface
    public interface Listener {
        void finished(Finished exchange);
    }

    /**
     * What became of one request, for its log line and the metrics.
     *
     * @param worker the worker that served it, or null if the master answered it
     * @param apps the apps that worker loaded, or null
     * @param workerRequests the worker's count of requests when it finished this one
     * @param core the slot it ran on, or -1
     * @param status the status sent, or 0 if none was
     * @param bytes the response body bytes sent
     * @param nanos the time from its arrival at the master to its last byte
     * @param varsBytes the size of its vars packet
     * @param abort why the connection was aborted after the response had started, or null
     */
    public record Finished(
            WorkerId worker,
            AppSnapshot apps,
            long workerRequests,
            int core,
            Client client,
            int status,
            long bytes,
            long nanos,
            int varsBytes,
            String abort) {

        /** A request the master answered itself, with no worker. */
        public static Finished byMaster(Client client, int status, long nanos) {
            return new Finished(null, null, 0, -1, client, status, 0, nanos, 0, null);
        }
    }

    /** Request-body bytes the master may send ahead of the worker's credit. */
    static final int BODY_WINDOW = 256 * 1024;

    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    private final Client client;
    private final byte[] vars;
    private final RequestBody body;
    private final Listener listener;
    private final Executor executor;
    private final long started = System.nanoTime();
    private final ClientWriter clientWriter = new ClientWriter();

    /** Set by the dispatcher under its lock before {@link #start()} runs. */
    private volatile MasterSlot slot;
    /** When the request went to the worker, 0 before; read by the supervisor's deadline checks. */
    private volatile long startedAt;

    // What the master sends to the worker, guarded by bodyLock; sends happen under it.
    private final Object bodyLock = new Object();
    private boolean sentRequest;
    private boolean workerEnded;
    private long bodySent;
    private long bodyCredit = BODY_WINDOW;
    private boolean bodyStopped;

    // The response, guarded by this.
    private final ResponseBuffer buffered = new ResponseBuffer();
    private ResponseHead head;
    private boolean ended;
    private boolean endFailed;
    private boolean cancelled;
    private boolean committed;
    private boolean lastWritten;
    private String failure;
    private int failureStatus = 502;
    private long bytesSent;
    private volatile long workerRequests;

    public Exchange(Client client, byte[] vars, RequestBody body, Listener listener, Executor executor) {
        this.client = client;
        this.vars = vars;
        this.body = body;
        this.listener = listener;
        this.executor = executor;
    }

    MasterSlot slot() {
        return slot;
    }

    /** The slot (the worker's request thread) this exchange runs on, or -1 before it has one. */
    public int core() {
        MasterSlot assigned = slot;
        return assigned == null ? -1 : assigned.id();
    }

    /** The dispatcher gave this exchange a slot. */
    void assigned(MasterSlot slot) {
        this.slot = slot;
    }

    // ---- master to worker ----

    /**
     * Sends the request, and as much of its body as the window allows, to the assigned slot. If
     * the client has gone already, a CANCEL follows at once: the worker still answers with an
     * END, and only that returns the slot.
     */
    public void start() {
        MasterSlot target = slot;
        synchronized (bodyLock) {
            int first = (int) Math.min(body.size(), BODY_WINDOW);
            int frames = (first + Frame.MAX_CHUNK - 1) / Frame.MAX_CHUNK;
            ByteBuffer out =
                    ByteBuffer.allocate(Frame.HEADER + vars.length + frames * Frame.HEADER + first + 2 * Frame.HEADER);
            Frame.writeHeader(out, FrameType.REQUEST, target.id(), vars.length);
            out.put(vars);
            String problem = null;
            boolean gone;
            synchronized (this) {
                gone = cancelled || ended;
            }
            if (gone) {
                bodyStopped = true;
                Frame.writeHeader(out, FrameType.CANCEL, target.id(), 0);
            } else {
                try {
                    appendBody(out, target, first);
                } catch (IOException e) {
                    problem = "cannot read the buffered request body: " + e.getMessage();
                }
            }
            sentRequest = true;
            startedAt = System.nanoTime();
            send(target, out.flip());
            if (problem != null) {
                abandon(problem);
            }
        }
    }

    /** More credit from the worker: send the next part of the body. */
    private void pumpBody() {
        MasterSlot target = slot;
        synchronized (bodyLock) {
            long limit = Math.min(body.size() - bodySent, bodyCredit);
            if (bodyStopped || !sentRequest || limit <= 0) {
                return;
            }
            int n = (int) limit;
            int frames = (n + Frame.MAX_CHUNK - 1) / Frame.MAX_CHUNK;
            ByteBuffer out = ByteBuffer.allocate(frames * Frame.HEADER + n + Frame.HEADER);
            try {
                appendBody(out, target, n);
            } catch (IOException e) {
                send(target, out.flip());
                abandon("cannot read the buffered request body: " + e.getMessage());
                return;
            }
            send(target, out.flip());
        }
    }

    /** Appends whole BODY frames (and BODY_END after the last byte); only complete frames on failure. */
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

    /** How long the request has been at its worker, or 0 if it is not there yet. */
    public long ageNanos(long now) {
        long at = startedAt;
        return at == 0 ? 0 : now - at;
    }

    public Client client() {
        return client;
    }

    public String describe() {
        return client.method() + " " + client.uri();
    }

    /**
     * Harakiri, first step: the client gets 504 (or an aborted connection, if its response has
     * started). The slot stays taken until the worker's thread returns and it sends END.
     */
    public void timeOut(String reason) {
        synchronized (bodyLock) {
            synchronized (this) {
                if (!ended && !cancelled) {
                    ended = true;
                    endFailed = true;
                    failure = reason;
                    failureStatus = 504;
                    buffered.clear();
                }
            }
            bodyStopped = true;
        }
        scheduleWrite();
    }

    /**
     * Harakiri, second step, once the stuck thread's stack is taken: the worker cancels the
     * request and interrupts the slot's thread. Sent on the data connection, in order with the
     * slot's frames, so it can never reach the slot's next request.
     */
    public void interruptWorker() {
        synchronized (bodyLock) {
            MasterSlot target = slot;
            if (sentRequest && !workerEnded && target != null) {
                send(target, Frame.of(FrameType.INTERRUPT, target.id()).encode());
            }
        }
    }

    /** The client went away: tell the worker, and drop what it still sends, until its END. */
    void cancel() {
        synchronized (bodyLock) {
            synchronized (this) {
                if (ended || cancelled) {
                    return;
                }
                cancelled = true;
                buffered.clear();
            }
            stopWorker();
        }
    }

    /**
     * The master cannot go on with this exchange (its body or its response spool failed): the
     * client gets a 502, or an abort if the response has started, and the worker a CANCEL.
     */
    private void abandon(String reason) {
        synchronized (bodyLock) {
            synchronized (this) {
                if (ended || cancelled) {
                    return;
                }
                ended = true;
                endFailed = true;
                failure = reason;
                buffered.clear();
            }
            stopWorker();
        }
        scheduleWrite();
    }

    /** Stops the body and cancels the worker's request; under bodyLock. */
    private void stopWorker() {
        bodyStopped = true;
        MasterSlot target = slot;
        if (sentRequest && target != null) {
            send(target, Frame.of(FrameType.CANCEL, target.id()).encode());
        }
    }

    // ---- worker to master, on the connection's reader thread ----

    /**
     * Takes one frame of this exchange's slot.
     *
     * @return true if there is something new to write to the client
     */
    boolean accept(Frame frame) throws WireException {
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
                String problem = null;
                synchronized (this) {
                    if (!cancelled && !ended) {
                        try {
                            buffered.add(frame.payload());
                        } catch (UncheckedIOException e) {
                            problem = e.getMessage() + ": " + e.getCause().getMessage();
                        }
                    }
                }
                if (problem != null) {
                    abandon(problem);
                }
                return true;
            }
            case END -> {
                synchronized (bodyLock) {
                    bodyStopped = true;
                    workerEnded = true;
                    synchronized (this) {
                        if (!ended) {
                            ended = true;
                            endFailed = frame.payload().length > 0 && frame.payload()[0] == FrameType.END_FAILED;
                            if (endFailed && !cancelled) {
                                failure = "the app failed while sending its response";
                            }
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

    /** The worker finished this request as its n-th; for the request log. */
    void counted(long n) {
        workerRequests = n;
    }

    /** Writes what arrived to the client, on this thread; Jetty's writes do not block. */
    void writeToClient() {
        clientWriter.iterate();
    }

    /** Writes what arrived to the client, on an executor thread. */
    void scheduleWrite() {
        executor.execute(clientWriter::iterate);
    }

    /** The worker died with this request on it: 502 if nothing has been sent yet, else abort. */
    void workerLost() {
        MasterSlot lost = slot;
        String who = lost == null ? "the worker" : lost.worker().id().toString();
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            endFailed = true;
            failure = who + " died during the request";
        }
        scheduleWrite();
    }

    /** Answers with a status of the master's own, for a request that never reached a worker. */
    public void answer(int status, String reason, String text, String... headers) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            head = plain(status, reason, text, headers);
        }
        clientWriter.iterate();
    }

    /** The client connection failed while this request was queued or running. */
    public void clientFailed(Dispatcher dispatcher) {
        if (slot == null && dispatcher.withdraw(this)) {
            synchronized (this) {
                ended = true;
                cancelled = true;
            }
            clientWriter.iterate(); // fails the callback: the client is gone
            return;
        }
        cancel();
    }

    /** Jetty's idle timeout: a request still waiting in the queue gets 503; one at a worker waits on. */
    public boolean idleTimeout(Dispatcher dispatcher) {
        if (slot == null && dispatcher.withdraw(this)) {
            answer(
                    503,
                    "Service Unavailable",
                    "no worker thread became free within the idle timeout",
                    "Retry-After",
                    "1");
        }
        return false;
    }

    private ResponseHead plain(int status, String reason, String text, String... extraHeaders) {
        byte[] bytes = (status + " " + reason + ": " + text + "\n").getBytes(StandardCharsets.UTF_8);
        buffered.clear();
        buffered.add(bytes);
        List<String> headers = new ArrayList<>(
                List.of("Content-Type", "text/plain; charset=utf-8", "Content-Length", Integer.toString(bytes.length)));
        headers.addAll(List.of(extraHeaders));
        return new ResponseHead(status, reason, headers);
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
                    head = failureStatus == 504
                            ? plain(504, "Gateway Timeout", failure)
                            : plain(502, "Bad Gateway", failure);
                    endFailed = false;
                }
                if (!committed) {
                    if (head == null) {
                        if (!ended) {
                            return Action.IDLE;
                        }
                        head = plain(502, "Bad Gateway", "the worker ended the request without a response");
                    }
                    client.head(head);
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
            client.write(last, chunk, this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteSuccess() {
            try {
                finish(null);
            } finally {
                client.succeeded();
            }
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            try {
                cancel();
                finish(cause);
            } finally {
                client.failed(cause);
            }
        }
    }

    private void finish(Throwable cause) {
        body.close();
        int status;
        boolean aborted;
        synchronized (this) {
            buffered.close();
            status = head == null ? 0 : head.status();
            aborted = cause != null && failure != null && committed;
        }
        MasterSlot done = slot;
        long nanos = System.nanoTime() - started;
        if (done == null) {
            listener.finished(new Finished(
                    null, null, 0, -1, client, status, bytesSent, nanos, vars.length, aborted ? failure : null));
            return;
        }
        WorkerConnection worker = done.worker();
        worker.counters().countResponse(bytesSent, nanos);
        listener.finished(new Finished(
                worker.id(),
                worker.apps(),
                workerRequests,
                done.id(),
                client,
                status,
                bytesSent,
                nanos,
                vars.length,
                aborted ? failure : null));
    }
}
