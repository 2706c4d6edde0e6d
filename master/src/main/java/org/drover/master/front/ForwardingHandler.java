package org.drover.master.front;

import java.io.IOException;
import org.drover.master.dispatch.Exchange;
import org.drover.master.dispatch.RequestBody;
import org.drover.wire.WireException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP front's only handler: checks the limits, reads the client's body into the master
 * (client to master), then hands the request to the dispatcher, which forwards it to a worker
 * slot (master to worker) or queues it. A WebSocket upgrade gets 501: a worker slot serves one
 * request and its response, not a connection.
 */
final class ForwardingHandler extends Handler.Abstract {

    /** Why a WebSocket upgrade is answered 501, in its body (and its 501 in the request log). */
    static final String WEBSOCKET_REFUSED =
            "WebSocket is not supported yet: Drover does not upgrade connections to its workers";

    private final Intake intake;
    private final java.util.Set<String> trustedProxies;

    ForwardingHandler(Intake intake, java.util.List<String> trustedProxies) {
        super(InvocationType.NON_BLOCKING);
        this.intake = intake;
        this.trustedProxies = java.util.Set.copyOf(trustedProxies);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        intake.enter(); // before the check, so that a stop that has begun sees this request or refuses it
        if (intake.stopping()) {
            intake.leave();
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            answer(request, response, callback, 503, "the server is stopping");
            return true;
        }
        callback = new Counted(callback);
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        if (upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket")) {
            answer(request, response, callback, 501, WEBSOCKET_REFUSED);
            return true;
        }
        if (intake.serveStatic(new HttpClientSide(request, response, callback), request.getBeginNanoTime())) {
            return true; // a static-map file: no worker sees it
        }
        long length = request.getLength();
        long limitPost = intake.limitPost();
        if (limitPost > 0 && length > limitPost) {
            // Answered before any body is read, so a client that sent Expect: 100-continue sends none.
            answer(
                    request,
                    response,
                    callback,
                    413,
                    "request body of " + length + " bytes is over limit-post " + limitPost);
            return true;
        }
        if (length == 0) {
            masterToWorker(request, response, callback, RequestBody.EMPTY);
        } else if (length > intake.postBuffering()
                || (length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
            // A body that may go to a temporary file is read on a pool thread, never on the
            // selector thread this may run on: writing the file may block.
            intake.executor().execute(new ClientToMasterBody(request, response, callback));
        } else {
            new ClientToMasterBody(request, response, callback).run(); // in memory: nothing blocks
        }
        return true;
    }

    /** Answers for the master, with no worker; the answer is logged and counted like any. */
    private void answer(Request request, Response response, Callback callback, int status, String text) {
        intake.answeredByMaster(new HttpClientSide(request, response, callback), status, request.getBeginNanoTime());
        Response.writeError(request, response, callback, status, text);
    }

    private void masterToWorker(Request request, Response response, Callback callback, RequestBody body) {
        byte[] vars;
        try {
            vars = Vars.encode(request, body.size(), trustedProxies);
        } catch (WireException e) {
            body.close();
            answer(request, response, callback, 431, e.getMessage());
            return;
        }
        HttpFields headers = request.getHeaders();
        int affinity = headers.contains(HttpHeader.COOKIE)
                ? SessionAffinity.worker(headers.getValuesList(HttpHeader.COOKIE))
                : 0;
        Exchange exchange = intake.exchange(new HttpClientSide(request, response, callback), vars, body, affinity);
        request.addFailureListener(failure -> exchange.clientFailed(intake.dispatcher()));
        // A request waiting in the queue gets 503 at the idle timeout; one at a worker waits on.
        request.addIdleTimeoutListener(timeout -> exchange.idleTimeout(intake.dispatcher()));
        intake.dispatch(exchange);
    }

    /** The handler's callback, counting the request out of {@link #inFlight} when it completes. */
    private final class Counted extends Callback.Nested {

        Counted(Callback callback) {
            super(callback);
        }

        @Override
        public void succeeded() {
            intake.leave();
            super.succeeded();
        }

        @Override
        public void failed(Throwable cause) {
            intake.leave();
            super.failed(cause);
        }
    }

    /** Reads the request body into the master (client to master), then forwards the request. */
    private final class ClientToMasterBody implements Runnable {

        private final Request request;
        private final Response response;
        private final Callback callback;
        private final RequestBody body = new RequestBody(intake.postBuffering());

        ClientToMasterBody(Request request, Response response, Callback callback) {
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
                    answer(request, response, callback, 500, "cannot buffer the request body: " + e.getMessage());
                    return;
                } finally {
                    chunk.release();
                }
                long limitPost = intake.limitPost();
                if (limitPost > 0 && body.size() > limitPost) {
                    body.close();
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    answer(request, response, callback, 413, "request body is over limit-post " + limitPost);
                    return;
                }
                if (last && body.inMemory()) {
                    // Nothing here blocks (the worker connections' writes never wait), so the
                    // request goes on on this thread, which is often the selector that read it
                    // all: a GET without Content-Length comes this way.
                    masterToWorker(request, response, callback, body);
                    return;
                }
                if (last) {
                    // A spooled body is read back from its file as it is sent: off the selector.
                    intake.executor().execute(() -> masterToWorker(request, response, callback, body));
                    return;
                }
            }
        }
    }
}
