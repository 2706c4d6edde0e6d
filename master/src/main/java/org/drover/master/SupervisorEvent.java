package org.drover.master;

import java.nio.channels.SocketChannel;
import org.drover.wire.FrameReader;
import org.drover.wire.Hello;

/** What reaches the supervisor's loop from other threads: it alone acts on them. */
sealed interface SupervisorEvent {

    /** A worker connected and proved itself. */
    record Connected(Hello hello, SocketChannel channel, FrameReader reader) implements SupervisorEvent {}

    /** A worker loaded its apps. */
    record Ready(WorkerHandle worker, String description) implements SupervisorEvent {}

    /** A worker could not load its apps. */
    record LoadFailed(WorkerHandle worker, String message) implements SupervisorEvent {}

    /** A worker process exited. */
    record Exited(WorkerHandle worker, int code) implements SupervisorEvent {}

    /** A worker sent the stack it was asked for. */
    record Stack(WorkerHandle worker, int slot, String text) implements SupervisorEvent {}

    /** The stats server wants the stats document; the supervisor completes the future with it. */
    record StatsRequest(java.util.concurrent.CompletableFuture<String> document) implements SupervisorEvent {}

    /** The metrics server wants the workers' figures for a scrape. */
    record MetricsRequest(java.util.concurrent.CompletableFuture<java.util.List<Metrics.WorkerFigures>> figures)
            implements SupervisorEvent {}

    /**
     * A command from {@code drover ctl} or the master FIFO ({@code source} says which); the supervisor completes the reply once the command has
     * worked or failed (a reload, once it finished or was aborted).
     */
    record Command(String source, String name, java.util.concurrent.CompletableFuture<Reply> reply)
            implements SupervisorEvent {

        /** What {@code drover ctl} prints: {@code ok} or not, and the text. */
        record Reply(boolean ok, String text) {}
    }

    /** A signal arrived: TERM, INT, HUP, TTIN, TTOU. */
    record Signal(String name) implements SupervisorEvent {}
}
