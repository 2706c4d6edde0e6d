package org.drover.master.supervise;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.drover.master.apps.AppSnapshot;
import org.drover.master.dispatch.WorkerConnection;
import org.drover.master.dispatch.WorkerCounters;
import org.drover.master.dispatch.WorkerId;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.FrameWriter;
import org.drover.wire.WorkerStats;

/**
 * The master's view of one worker process: its stable index and pid, its lifecycle state, and
 * its two connections. The supervisor thread owns it: only that thread changes it, and other
 * threads see it through the supervisor's snapshots.
 */
public final class WorkerHandle {

    /** How long after its exit a worker's control connection may take to be read to its end. */
    private static final long CONTROL_GRACE = 2_000_000_000L;

    private final int index;
    private final Process process;
    private final AppSnapshot apps;
    private final WorkerCounters counters = new WorkerCounters();
    private final long spawnedAt = System.nanoTime();
    private final long spawnedAtMillis = System.currentTimeMillis();
    private WorkerState state = WorkerState.SPAWNING;
    private WorkerStats stats;
    private long harakiris;
    private FrameWriter control;
    private SocketChannel controlChannel;
    private boolean controlClosed;
    private WorkerConnection data;
    private boolean loaded;
    private String loadFailure;
    private boolean timedOutBooting;
    private boolean killed;
    private long drainDeadline;
    private boolean stopSent;
    private Integer exitCode;
    private long exitedAt;

    private final boolean recordsArchive;

    WorkerHandle(int index, Process process, AppSnapshot apps, boolean recordsArchive) {
        this.index = index;
        this.process = process;
        this.apps = apps;
        this.recordsArchive = recordsArchive;
    }

    /** Whether this worker records the class data sharing archive as it exits. */
    boolean recordsArchive() {
        return recordsArchive;
    }

    int index() {
        return index;
    }

    long pid() {
        return process.pid();
    }

    WorkerId id() {
        return new WorkerId(index, process.pid());
    }

    /** The copy of the app jars this worker loaded. */
    AppSnapshot apps() {
        return apps;
    }

    /** What the request path counts for this worker. */
    WorkerCounters counters() {
        return counters;
    }

    WorkerState state() {
        return state;
    }

    void state(WorkerState state) {
        this.state = state;
    }

    long ageNanos() {
        return System.nanoTime() - spawnedAt;
    }

    /** How long the process lived: from its spawn to its exit, or until now if it runs. */
    long lifetimeNanos() {
        return (exitCode == null ? System.nanoTime() : exitedAt) - spawnedAt;
    }

    long spawnedAtMillis() {
        return spawnedAtMillis;
    }

    /** The JVM figures of the worker's last PING, or null before the first. */
    WorkerStats stats() {
        return stats;
    }

    void stats(WorkerStats stats) {
        this.stats = stats;
    }

    long harakiris() {
        return harakiris;
    }

    void countHarakiri() {
        harakiris++;
    }

    void attachControl(SocketChannel channel) {
        this.controlChannel = channel;
        this.control = new FrameWriter(channel);
    }

    void attachData(WorkerConnection connection) {
        this.data = connection;
    }

    /** The data connection, or null before the worker has connected it. */
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

    /** Why the apps did not load, as the worker said, or null. */
    String loadFailure() {
        return loadFailure;
    }

    void loadFailure(String message) {
        this.loadFailure = message;
    }

    /** It is killed because it did not boot within worker-boot-timeout. */
    void bootTimedOut() {
        timedOutBooting = true;
    }

    /** Why a worker that exited never became ready, in words for the log. */
    String whyNotReady(int bootTimeoutSeconds) {
        if (loadFailure != null) {
            return loadFailure;
        }
        return timedOutBooting
                ? "it did not boot within worker-boot-timeout " + bootTimeoutSeconds + " s"
                : "it exited with code " + exitCode + " before it was ready";
    }

    boolean killed() {
        return killed;
    }

    /**
     * Takes the worker out of service: no new requests, and a deadline after which it is
     * killed. The supervisor sends STOP once the worker's last request has ended.
     */
    void retire(long mercyNanos) {
        if (state == WorkerState.DRAINING || state == WorkerState.EXITED) {
            return;
        }
        state = WorkerState.DRAINING;
        drainDeadline = System.nanoTime() + mercyNanos;
        if (!loaded) {
            kill(); // it serves nothing yet
            return;
        }
        if (data != null) {
            data.stopAccepting();
        }
    }

    /** Draining and not yet told to stop: it gets STOP once the master has no request on it. */
    boolean awaitsStop() {
        return state == WorkerState.DRAINING && !stopSent && !killed;
    }

    /** True once a retiring worker has had its time to finish. */
    boolean drainOverdue() {
        return state == WorkerState.DRAINING && System.nanoTime() - drainDeadline > 0;
    }

    /** Asks the worker to finish its requests and exit. */
    void sendStop() {
        stopSent = true;
        send(Frame.of(FrameType.STOP, 0));
    }

    /** Asks the worker for the stack of one request thread, or of all its threads. */
    void requestStack(int slot, boolean all) {
        send(new Frame(FrameType.DUMP, slot, new byte[] {(byte) (all ? 1 : 0)}));
    }

    private void send(Frame frame) {
        if (control == null) {
            return;
        }
        try {
            control.send(frame);
        } catch (IOException e) {
            // gone; its exit is on the way
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

    /** The supervisor took the exited worker out of service. */
    void reaped() {
        state = WorkerState.EXITED;
        closeConnections();
    }

    /** The process exited with this code. */
    void exited(int code) {
        exitCode = code;
        exitedAt = System.nanoTime();
    }

    void controlClosed() {
        controlClosed = true;
    }

    /** The exit code, once the process has exited, else null. */
    Integer exitCode() {
        return exitCode;
    }

    /**
     * True once the worker can be reaped: it exited, and everything it sent on its control
     * connection has been handled (or it never connected one, or that took too long).
     */
    boolean reapable() {
        return exitCode != null
                && (controlClosed || controlChannel == null || System.nanoTime() - exitedAt > CONTROL_GRACE);
    }

    @Override
    public String toString() {
        return "worker " + index + " (pid: " + pid() + ")";
    }
}
