package org.drover.master.dispatch;

/**
 * The master's view of one worker request thread: which worker it belongs to and which
 * exchange, if any, it is serving. The dispatcher hands slots out; the worker connection's
 * reader routes the slot's frames to its exchange.
 */
final class MasterSlot {

    private final WorkerConnection worker;
    private final int id;
    /** Written by the dispatcher under its lock, read by the connection's reader thread. */
    private volatile Exchange exchange;

    MasterSlot(WorkerConnection worker, int id) {
        this.worker = worker;
        this.id = id;
    }

    WorkerConnection worker() {
        return worker;
    }

    int id() {
        return id;
    }

    Exchange exchange() {
        return exchange;
    }

    void assign(Exchange exchange) {
        this.exchange = exchange;
    }
}
