package org.drover.master;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.FrameWriter;

/**
 * The master's view of one worker process: its stable index and pid, its lifecycle state, and
 * its two connections. The supervisor thread owns the state; other threads read it.
 */
final class WorkerHandle {

    /** Lifecycle: spawning until READY, then ready, draining once told to stop, exited. */
    enum State { SPAWNING, READY, DRAINING, EXITED }

    private final int index;
    private final Process process;
    private final Console console;
    private final long spawnedAt = System.nanoTime();
    private final AtomicLong requests = new AtomicLong();
    private volatile State state = State.SPAWNING;
    private FrameWriter control;
    private SocketChannel controlChannel;
    private WorkerConnection data;
    private boolean loaded;
    private volatile String loadFailure;
    private boolean killed;
    private Thread controlReader;

    WorkerHandle(int index, Process process, Console console) {
        this.index = index;
        this.process = process;
        this.console = console;
    }

    int index() {
        return index;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
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
