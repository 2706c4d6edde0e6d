package org.drover.master;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.drover.wire.WireException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP front's only handler: checks the limits, reads the client's body into the master
 * (client to master), then hands the request to the dispatcher, which forwards it to a worker
 * slot (master to worker) or queues it.
 */
final class ForwardingHandler extends Handler.Abstract {

    private final Dispatcher dispatcher;
    private final RequestLog log;
    private final Executor executor;
    private final long postBuffering;
    private final long limitPost;
    private final int listen;
    private final java.util.Set<String> trustedProxies;
    private volatile boolean stopping;
    private final AtomicInteger inFlight = new AtomicInteger();

    ForwardingHandler(Dispatcher dispatcher, RequestLog log, Executor executor, long postBuffering, long limitPost,
            int listen, java.util.List<String> trustedProxies) {
        super(InvocationType.NON_BLOCKING);
        this.dispatcher = dispatcher;
        this.log = log;
        this.executor = executor;
        this.postBuffering = postBuffering;
        this.limitPost = limitPost;
        this.listen = listen;
        this.trustedProxies = java.util.Set.copyOf(trustedProxies);
    }

    /** From now on new requests get 503 and the connection closes; requests already in go on. */
    void stopAccepting() {
        stopping = true;
    }

    /** Requests taken and not yet answered: reading their body, queued, or at a worker. */
    int inFlight() {
        return inFlight.get();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (stopping) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            Response.writeError(request, response, callback, 503, "the server is stopping");
            return true;
        }
        inFlight.incrementAndGet();
        callback = new Counted(callback);
        long length = request.getLength();
        if (limitPost > 0 && length > limitPost) {
            // Answered before any body is read, so a client that sent Expect: 100-continue sends none.
            Response.writeError(request, response, callback, 413,
                    "request body of " + length + " bytes is over limit-post " + limitPost);
            return true;
        }
        if (length == 0) {
            forward(request, response, callback, RequestBody.EMPTY);
        } else {
            new BodyReader(request, response, callback).run();
        }
        return true;
    }

    private void forward(Request request, Response response, Callback callback, RequestBody body) {
        byte[] vars;
        try {
            vars = Vars.encode(request, body.size(), trustedProxies);
        } catch (WireException e) {
            body.close();
            Response.writeError(request, response, callback, 431, e.getMessage());
            return;
        }
        Exchange exchange = new Exchange(request, response, callback, vars, body, log, executor);
        request.addFailureListener(failure -> exchange.clientFailed(dispatcher));
        // A request waiting in the queue gets 503 at the idle timeout; one at a worker waits on.
        request.addIdleTimeoutListener(timeout -> exchange.idleTimeout(dispatcher));
        switch (dispatcher.submit(exchange)) {
            case ASSIGNED -> exchange.start();
            case QUEUED -> { }
            case REFUSED -> exchange.answer(503, "Service Unavailable",
                    "every worker is busy and the queue of " + listen + " is full", "Retry-After", "1");
        }
    }

    /** The handler's callback, counting the request out of {@link #inFlight} when it completes. */
    private final class Counted extends Callback.Nested {

        Counted(Callback callback) {
            super(callback);
        }

        @Override
        public void succeeded() {
            inFlight.decrementAndGet();
            super.succeeded();
        }

        @Override
        public void failed(Throwable cause) {
            inFlight.decrementAndGet();
            super.failed(cause);
        }
    }

    /** Reads the request body into the master (client to master), then forwards the request. */
    private final class BodyReader implements Runnable {

        private final Request request;
        private final Response response;
        private final Callback callback;
        private final RequestBody body = new RequestBody(postBuffering);

        BodyReader(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    body.close();
                    callback.failed(chunk.getFailure());
                    return;
                }
                boolean last = chunk.isLast();
                try {
                    if (chunk.hasRemaining()) {
                        body.append(chunk.getByteBuffer());
                    }
                } catch (IOException e) {
                    body.close();
                    Response.writeError(request, response, callback, 500,
                            "cannot buffer the request body: " + e.getMessage());
                    return;
                } finally {
                    chunk.release();
                }
                if (limitPost > 0 && body.size() > limitPost) {
                    body.close();
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    Response.writeError(request, response, callback, 413,
                            "request body is over limit-post " + limitPost);
                    return;
                }
                if (last) {
                    executor.execute(() -> forward(request, response, callback, body));
                    return;
                }
            }
        }
    }
}
