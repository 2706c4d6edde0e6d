package org.drover.master.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /livez} and {@code GET /readyz} on the master's own listeners ({@code stats-http},
 * {@code metrics}), never on the apps' port, so they shadow no app path; every other request
 * goes to the listener's handler. Live: the supervisor's loop turned in the last 5 s. Ready: a
 * worker serves and the server is not stopping (nor draining before a stop).
 */
public final class Probes extends Handler.Wrapper {

    private final Supplier<String> notLive;
    private final Supplier<String> notReady;

    /**
     * @param notLive why the server is not live, or null if it is; read without waiting
     * @param notReady why the server should get no traffic, or null if it should
     * @param next the listener's own handler, for every other path
     */
    public Probes(Supplier<String> notLive, Supplier<String> notReady, Handler next) {
        super(next);
        this.notLive = notLive;
        this.notReady = notReady;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.equals("/livez")) {
            answer(response, callback, notLive.get(), "live");
            return true;
        }
        if (path.equals("/readyz")) {
            answer(response, callback, notReady.get(), "ready");
            return true;
        }
        return super.handle(request, response, callback);
    }

    private static void answer(Response response, Callback callback, String problem, String ok) {
        response.setStatus(problem == null ? 200 : 503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String text = (problem == null ? ok : problem) + "\n";
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
