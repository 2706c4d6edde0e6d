package org.drover.master;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.FrameWriter;
import org.drover.wire.WorkerStats;

/**
 * The master's view of one worker process: its stable index and pid, its lifecycle state, and
 * its two connections. The supervisor thread owns the state; other threads read it.
 */
final class WorkerHandle {

    /** Lifecycle: spawning until READY, then ready, draining once told to stop, exited. */
    enum State {
        SPAWNING,
        READY,
        DRAINING,
        EXITED
    }

    private final int index;
    private final Process process;
    private final Console console;
    private final AppSnapshot apps;
    private final AtomicLong harakiris = new AtomicLong();
    private final AtomicLong tx = new AtomicLong();
    private final AtomicLong requestNanos = new AtomicLong();
    private final long spawnedAtMillis = System.currentTimeMillis();
    /** The request count at the last stats document; the supervisor thread's. */
    long requestsAtLastStats;

    private volatile WorkerStats stats;
    private long drainDeadline;
    private boolean stopSent;
    private final long spawnedAt = System.nanoTime();
    private final AtomicLong requests = new AtomicLong();
    private volatile State state = State.SPAWNING;
    private FrameWriter control;
    private SocketChannel controlChannel;
    private WorkerConnection data;
    private boolean loaded;
    private volatile String loadFailure;
    private boolean timedOutBooting;
    private boolean killed;
    private Thread controlReader;

    WorkerHandle(int index, Process process, Console console, AppSnapshot apps) {
        this.index = index;
        this.process = process;
        this.console = console;
        this.apps = apps;
    }

    /** The copy of the app jars this worker loaded. */
    AppSnapshot apps() {
        return apps;
    }

    /** The JVM figures of the worker's last PING, or null before the first. */
    WorkerStats stats() {
        return stats;
    }

    void stats(WorkerStats stats) {
        this.stats = stats;
    }

    /** A response to one of this worker's requests went out: its body bytes and its time. */
    void countResponse(long bytes, long nanos) {
        tx.addAndGet(bytes);
        requestNanos.addAndGet(nanos);
    }

    long tx() {
        return tx.get();
    }

    long requestNanos() {
        return requestNanos.get();
    }

    long spawnedAtMillis() {
        return spawnedAtMillis;
    }

    long harakiris() {
        return harakiris.get();
    }

    void countHarakiri() {
        harakiris.incrementAndGet();
    }

    /**
     * Takes the worker out of service: no new requests, and a deadline after which it is
     * killed. The supervisor sends STOP once the worker's last request has ended, see
     * {@link #stopWhenIdle}.
     */
    void retire(long mercyNanos) {
        if (state == State.DRAINING || state == State.EXITED) {
            return;
        }
        state = State.DRAINING;
        drainDeadline = System.nanoTime() + mercyNanos;
        if (!loaded) {
            kill(); // it serves nothing yet
            return;
        }
        if (data != null) {
            data.stopAccepting();
        }
    }

    /**
     * Sends STOP to a retiring worker once the master has no request on it any more (sooner, a
     * request already given a slot but not yet sent could reach a worker that found itself idle
     * and exited). If all that is left are threads stuck after harakiri, kills it instead.
     */
    void stopWhenIdle(Dispatcher dispatcher, long harakiriMercyNanos) {
        if (state != State.DRAINING || stopSent) {
            return;
        }
        List<Exchange> running = data == null ? List.of() : dispatcher.exchangesOn(data);
        long now = System.nanoTime();
        if (running.stream()
                .anyMatch(exchange ->
                        exchange.interruptedAt == 0 || now - exchange.interruptedAt <= harakiriMercyNanos)) {
            return; // still working, or a harakiri still has its mercy to come back
        }
        stopSent = true;
        if (running.isEmpty()) {
            sendStop();
        } else {
            console.log("drover worker " + index + " (pid: " + pid() + "): only threads stuck after harakiri are"
                    + " left; killing it");
            kill();
        }
    }

    /** True once a retiring worker has had its time to finish. */
    boolean drainOverdue() {
        return state == State.DRAINING && System.nanoTime() - drainDeadline > 0;
    }

    /** Asks the worker for the stack of one request thread, or of all its threads. */
    void requestStack(int slot, boolean all) {
        if (control == null) {
            return;
        }
        try {
            control.send(new Frame(FrameType.DUMP, slot, new byte[] {(byte) (all ? 1 : 0)}));
        } catch (IOException e) {
            // gone; nothing to dump
        }
    }

    int index() {
        return index;
    }

    long pid() {
        return process.pid();
    }

    Console console() {
        return console;
    }

    State state() {
        return state;
    }

    void state(State state) {
        this.state = state;
    }

    long ageNanos() {
        return System.nanoTime() - spawnedAt;
    }

    /** Requests the worker has finished. */
    long requests() {
        return requests.get();
    }

    /** Counts a finished request; returns the worker's count so far. */
    long countRequest() {
        return requests.incrementAndGet();
    }

    boolean killed() {
        return killed;
    }

    void attachControl(SocketChannel channel) {
        this.controlChannel = channel;
        this.control = new FrameWriter(channel);
    }

    void attachData(WorkerConnection connection) {
        this.data = connection;
    }

    WorkerConnection data() {
        return data;
    }

    /** Marks the apps loaded; true once both that and the data connection are there. */
    boolean markLoaded() {
        loaded = true;
        return data != null;
    }

    boolean loaded() {
        return loaded;
    }

    void controlReader(Thread thread) {
        this.controlReader = thread;
    }

    /** It is killed because it did not boot within worker-boot-timeout; supervisor thread only. */
    void bootTimedOut() {
        timedOutBooting = true;
    }

    boolean timedOutBooting() {
        return timedOutBooting;
    }

    /** Records why the apps did not load; set by the control reader thread. */
    void loadFailure(String message) {
        this.loadFailure = message;
    }

    /**
     * Why the apps did not load, waiting briefly for the control connection to be read to its
     * end, since the process exit can be noticed before the worker's last message is read.
     */
    String awaitLoadFailure() {
        if (loadFailure == null && controlReader != null) {
            try {
                controlReader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return loadFailure;
    }

    /** Asks the worker to finish its requests and exit. */
    void sendStop() {
        if (control == null) {
            return;
        }
        try {
            control.send(Frame.of(FrameType.STOP, 0));
        } catch (IOException e) {
            // already gone; its exit is on the way
        }
    }

    /** Kills the process and closes its connections. */
    void kill() {
        killed = true;
        process.destroyForcibly();
        closeConnections();
    }

    void closeConnections() {
        if (data != null) {
            data.stopAccepting();
            data.close();
        }
        if (controlChannel != null) {
            try {
                controlChannel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return "worker " + index + " (pid: " + pid() + ")";
    }
}
