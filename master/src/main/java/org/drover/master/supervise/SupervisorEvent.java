package org.drover.master.supervise;

import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import org.drover.wire.FrameReader;
import org.drover.wire.Hello;
import org.drover.wire.WorkerStats;

/** What reaches the supervisor's loop from other threads: it alone acts on them. */
public sealed interface SupervisorEvent {

    /** A worker connected and proved itself. */
    record Connected(Hello hello, SocketChannel channel, FrameReader reader) implements SupervisorEvent {}

    /** A worker loaded its apps. */
    record Ready(WorkerHandle worker, String description) implements SupervisorEvent {}

    /** A worker could not load its apps. */
    record LoadFailed(WorkerHandle worker, String message) implements SupervisorEvent {}

    /** A worker sent its JVM figures, as it does every second. */
    record Pinged(WorkerHandle worker, WorkerStats stats) implements SupervisorEvent {}

    /** A worker sent the stack it was asked for. */
    record Stack(WorkerHandle worker, int slot, String text) implements SupervisorEvent {}

    /** A worker sent something the control protocol does not allow: it is killed. */
    record ProtocolBroken(WorkerHandle worker, String message) implements SupervisorEvent {}

    /**
     * A worker's control connection ended: every message the worker sent on it has been posted
     * before this, so its exit can be judged (a LOAD_FAILED it sent just before it exited).
     */
    record ControlClosed(WorkerHandle worker) implements SupervisorEvent {}

    /** A worker process exited. */
    record Exited(WorkerHandle worker, int code) implements SupervisorEvent {}

    /** The stats or the metrics want a snapshot of the server; the supervisor completes the future. */
    record SnapshotRequest(CompletableFuture<ServerSnapshot> snapshot) implements SupervisorEvent {}

    /**
     * A command that changes the server, from {@code drover ctl}, the master FIFO or a signal
     * ({@code source} says which, such as {@code ctl reload} or {@code SIGHUP}); the supervisor
     * completes the reply once the command has worked or failed (a reload, once it finished or
     * was aborted).
     */
    record Operate(String source, Operation operation, CompletableFuture<Reply> reply) implements SupervisorEvent {}

    /** SIGTERM or SIGINT: a graceful stop, or an immediate one if a stop is under way. */
    record Stop(String source) implements SupervisorEvent {}
}
