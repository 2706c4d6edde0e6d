package org.drover.master.dispatch;

import org.eclipse.jetty.util.IteratingCallback;

/**
 * Master to client: writes an exchange's response one chunk at a time, as the client's write
 * callbacks allow. It runs on the worker connection's reader thread after each read (the writes
 * do not block), on the executor when something else ended the response, and carries on from
 * the client's callback when a write completes later.
 */
final class ClientWriter extends IteratingCallback {

    private final Exchange exchange;
    private final ResponseState response;
    private final Client client;
    private long bytesSent;

    ClientWriter(Exchange exchange, ResponseState response, Client client) {
        this.exchange = exchange;
        this.response = response;
        this.client = client;
    }

    /** Response body bytes written to the client so far. */
    long bytesSent() {
        return bytesSent;
    }

    @Override
    protected Action process() throws Throwable {
        ResponseState.Step step = response.next();
        if (step == ResponseState.DONE) {
            return Action.SUCCEEDED;
        }
        if (step == null) {
            return Action.IDLE;
        }
        if (step.head() != null) {
            client.head(step.head());
        }
        bytesSent += step.chunk().remaining();
        client.write(step.last(), step.chunk(), this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
        try {
            exchange.finish(null);
        } finally {
            client.succeeded();
        }
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        try {
            exchange.cancel();
            exchange.finish(cause);
        } finally {
            client.failed(cause);
        }
    }
}
