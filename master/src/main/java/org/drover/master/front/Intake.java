package org.drover.master.front;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.drover.master.config.StaticFiles;
import org.drover.master.dispatch.Client;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.dispatch.Exchange;
import org.drover.master.dispatch.PlainAnswer;
import org.drover.master.dispatch.RequestBody;
import org.drover.master.log.Console;
import org.drover.master.statics.StaticServer;

/**
 * Where the requests of every listener (HTTP and uwsgi) come in: counts them in flight for a
 * graceful stop, refuses new ones once the master is stopping, and hands each to the dispatcher,
 * so that all listeners share the same slots and queue.
 */
final class Intake {

    private final Dispatcher dispatcher;
    private final Exchange.Listener listener;
    private final Executor executor;
    private final int listen;
    private final long postBuffering;
    private final long limitPost;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The static files, or null without a static-map. */
    private StaticServer statics;

    private volatile boolean stopping;

    Intake(
            Dispatcher dispatcher,
            Exchange.Listener listener,
            Executor executor,
            int listen,
            long postBuffering,
            long limitPost) {
        this.dispatcher = dispatcher;
        this.listener = listener;
        this.executor = executor;
        this.listen = listen;
        this.postBuffering = postBuffering;
        this.limitPost = limitPost;
    }

    /** Serves {@code static-map} files, ahead of the apps, on every listener. */
    void enableStaticFiles(StaticFiles config, Console console) {
        statics = new StaticServer(
                config,
                executor,
                console,
                (client, status, bytes, started) -> listener.finished(
                        Exchange.Finished.byStatic(client, status, bytes, System.nanoTime() - started)));
    }

    /**
     * Answers the request from the static files if it names one; false when it is for the apps.
     * The answer is logged and counted like the others, as the master's.
     */
    boolean serveStatic(Client client, long startedNanos) {
        return statics != null && statics.serve(client, startedNanos);
    }

    /** From now on new requests get 503; requests already in go on. */
    void stopAccepting() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** Counts a request in; each one must be counted out with {@link #leave()}. */
    void enter() {
        inFlight.incrementAndGet();
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    /** Requests taken and not yet answered: reading their body, queued, or at a worker. */
    int inFlight() {
        return inFlight.get();
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    Executor executor() {
        return executor;
    }

    long postBuffering() {
        return postBuffering;
    }

    /** The largest body accepted, 0 for any. */
    long limitPost() {
        return limitPost;
    }

    /**
     * A request the master answered itself, with no worker (413, 431, 503 while stopping, 500 when
     * its body could not be buffered): counted in the metrics and logged like the others.
     */
    void answeredByMaster(Client client, int status, long startedNanos) {
        listener.finished(Exchange.Finished.byMaster(client, status, System.nanoTime() - startedNanos));
    }

    /** @param affinity the index of the worker that holds the request's session, or 0 */
    Exchange exchange(Client client, byte[] vars, RequestBody body, int affinity) {
        return new Exchange(client, vars, body, affinity, listener, executor);
    }

    /** Sends the exchange to a free slot, or queues it, or answers 503 when the queue is full. */
    void dispatch(Exchange exchange) {
        switch (dispatcher.submit(exchange)) {
            case ASSIGNED -> exchange.start();
            case QUEUED -> {}
            case REFUSED ->
                exchange.answer(PlainAnswer.of(
                        503, "every worker is busy and the queue of " + listen + " is full", "Retry-After", "1"));
        }
    }
}
