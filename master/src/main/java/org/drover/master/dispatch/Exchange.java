package org.drover.master.dispatch;

import java.util.concurrent.Executor;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.MountTable;
import org.drover.wire.ResponseHead;
import org.drover.wire.UwsgiPacket;
import org.drover.wire.WireException;

/**
 * One request forwarded to a worker slot, hop by hop: master to worker ({@link RequestSender}:
 * the request and its body, against the worker's credit), worker to master
 * ({@link ResponseState}: the response frames, taken on the connection's reader thread), master
 * to client ({@link ClientWriter}, from that thread, or from Jetty's when a write completes
 * later). The exchange coordinates them and owns their lock order.
 *
 * <p>Two locks, always taken in this order: the sender's orders everything the master sends on
 * the slot (REQUEST, BODY, CANCEL, INTERRUPT) against the worker's END, so that nothing of this
 * exchange follows the slot's next REQUEST; the response state's guards the response.
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
     * @param mounts the mount table of the apps that worker loaded, or null
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
            MountTable mounts,
            long workerRequests,
            int core,
            Client client,
            int status,
            long bytes,
            long nanos,
            int varsBytes,
            String abort,
            boolean staticFile) {

        /** A request the master answered itself, with no worker. */
        public static Finished byMaster(Client client, int status, long nanos) {
            return new Finished(null, null, 0, -1, client, status, 0, nanos, 0, null, false);
        }

        /** A static file the master served ({@code static-map}); {@code bytes} -1 if the write failed. */
        public static Finished byStatic(Client client, int status, long bytes, long nanos) {
            return new Finished(
                    null,
                    null,
                    0,
                    -1,
                    client,
                    status,
                    Math.max(0, bytes),
                    nanos,
                    0,
                    bytes < 0 ? "the client went away while the file was sent" : null,
                    true);
        }
    }

    private final Client client;
    private final int affinity;
    private final int varsBytes;
    private final RequestBody body;
    private final Listener listener;
    private final Executor executor;
    private final long started = System.nanoTime();
    private final RequestSender sender;
    private final ResponseState response = new ResponseState();
    private final ClientWriter clientWriter;

    /** Set by the dispatcher under its lock before {@link #start()} runs. */
    private volatile MasterSlot slot;
    /** When the request went to the worker, 0 before; read by the supervisor's deadline checks. */
    private volatile long startedAt;
    /** The worker's count of requests when it finished this one; for the request log. */
    private volatile long workerRequests;

    /**
     * @param vars the REQUEST frame's payload: the request's vars as a uwsgi packet, and its headers
     * @param body the request body, read in full before dispatch
     * @param affinity the index of the worker the request would rather go to (its session's),
     *     or 0 for any
     * @param executor where the rest of the body is sent, and the response written when
     *     something other than the worker ends it
     */
    public Exchange(Client client, byte[] vars, RequestBody body, int affinity, Listener listener, Executor executor) {
        this.client = client;
        this.affinity = affinity;
        this.varsBytes = UwsgiPacket.HEADER + UwsgiPacket.datasize(vars); // the vars alone, not the headers
        this.body = body;
        this.listener = listener;
        this.executor = executor;
        this.sender = new RequestSender(vars, body);
        this.clientWriter = new ClientWriter(this, response, client);
    }

    MasterSlot slot() {
        return slot;
    }

    /** The index of the worker this request would rather go to, or 0 for any. */
    int affinity() {
        return affinity;
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

    public Client client() {
        return client;
    }

    public String describe() {
        return client.method() + " " + client.uri();
    }

    /** How long the request has been at its worker, or 0 if it is not there yet. */
    public long ageNanos(long now) {
        long at = startedAt;
        return at == 0 ? 0 : now - at;
    }

    // ---- master to worker ----

    /** Whether {@link #start()} reads no file: the body, if any, is in memory. */
    boolean startsWithoutFile() {
        return body.inMemory();
    }

    /** Sends the request, and as much of its body as the window allows, to the assigned slot. */
    public void start() {
        String problem;
        synchronized (sender) {
            problem = sender.masterToWorkerRequest(slot, response.over());
            startedAt = System.nanoTime();
        }
        if (problem != null) {
            abandon(problem);
        }
    }

    /** More credit came from the worker: sends the next part of the body. */
    private void masterToWorkerBody() {
        String problem = sender.masterToWorkerBody();
        if (problem != null) {
            abandon(problem);
        }
    }

    /**
     * Harakiri, first step: the client gets 504 (or an aborted connection, if its response has
     * started). The slot stays taken until the worker's thread returns and it sends END.
     */
    public void timeOut(String reason) {
        synchronized (sender) {
            response.fail(504, reason);
            sender.stopBody();
        }
        scheduleWrite();
    }

    /**
     * Harakiri, second step, once the stuck thread's stack is taken: the worker cancels the
     * request and interrupts the slot's thread. Sent on the data connection, in order with the
     * slot's frames, so it can never reach the slot's next request.
     */
    public void interruptWorker() {
        sender.masterToWorkerInterrupt();
    }

    /** The client went away: tell the worker, and drop what it still sends, until its END. */
    void cancel() {
        synchronized (sender) {
            if (response.cancel()) {
                sender.masterToWorkerCancel();
            }
        }
    }

    /**
     * The master cannot go on with this exchange (its body or its response spool failed): the
     * client gets a 502, or an abort if the response has started, and the worker a CANCEL.
     */
    private void abandon(String reason) {
        synchronized (sender) {
            if (!response.fail(502, reason)) {
                return;
            }
            sender.masterToWorkerCancel();
        }
        scheduleWrite();
    }

    // ---- worker to master, on the connection's reader thread ----

    /**
     * Takes one frame of this exchange's slot.
     *
     * @return true if there is something new to write to the client
     */
    boolean workerToMaster(Frame frame) throws WireException {
        switch (frame.type()) {
            case HEAD -> response.workerToMasterHead(ResponseHead.decode(frame.payload()));
            case BODY -> {
                String problem = response.workerToMasterBody(frame.payload());
                if (problem != null) {
                    abandon(problem);
                }
            }
            case END -> {
                synchronized (sender) {
                    sender.workerEnded();
                    response.workerToMasterEnd(
                            frame.payload().length > 0 && frame.payload()[0] == FrameType.END_FAILED);
                }
            }
            case CREDIT -> {
                sender.credit(frame.intValue());
                executor.execute(this::masterToWorkerBody);
                return false;
            }
            default -> throw new WireException("unexpected " + frame + " from a worker");
        }
        return true;
    }

    /** The worker finished this request as its n-th; for the request log. */
    void counted(long n) {
        workerRequests = n;
    }

    /** The worker died with this request on it: 502 if nothing has been sent yet, else abort. */
    void workerLost() {
        MasterSlot lost = slot;
        String who = lost == null ? "the worker" : lost.worker().id().toString();
        if (response.lost(who + " died during the request")) {
            scheduleWrite();
        }
    }

    // ---- master to client ----

    /** Writes what arrived to the client, on this thread; the client's writes do not block. */
    void masterToClient() {
        clientWriter.iterate();
    }

    /** Writes what arrived to the client, on an executor thread. */
    void scheduleWrite() {
        executor.execute(clientWriter::iterate);
    }

    /** Answers with a status of the master's own, for a request that never reached a worker. */
    public void answer(PlainAnswer answer) {
        if (response.answer(answer)) {
            clientWriter.iterate();
        }
    }

    /** The client connection failed while this request was queued or running. */
    public void clientFailed(Dispatcher dispatcher) {
        if (slot == null && dispatcher.withdraw(this)) {
            response.withdrawn();
            clientWriter.iterate(); // fails the callback: the client is gone
            return;
        }
        cancel();
    }

    /** Jetty's idle timeout: a request still waiting in the queue gets 503; one at a worker waits on. */
    public boolean idleTimeout(Dispatcher dispatcher) {
        if (slot == null && dispatcher.withdraw(this)) {
            answer(PlainAnswer.of(503, "no worker thread became free within the idle timeout", "Retry-After", "1"));
        }
        return false;
    }

    /** The response is over, written whole or not: the exchange is counted and logged. */
    void finish(Throwable cause) {
        body.close();
        int status = response.close();
        String abort = response.abortReason(cause);
        long nanos = System.nanoTime() - started;
        long bytes = clientWriter.bytesSent();
        MasterSlot done = slot;
        if (done == null) {
            listener.finished(new Finished(null, null, 0, -1, client, status, bytes, nanos, varsBytes, abort, false));
            return;
        }
        WorkerConnection worker = done.worker();
        worker.counters().countResponse(bytes, nanos);
        listener.finished(new Finished(
                worker.id(),
                worker.mounts(),
                workerRequests,
                done.id(),
                client,
                status,
                bytes,
                nanos,
                varsBytes,
                abort,
                false));
    }
}
