package org.drover.master.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.drover.master.supervise.ServerSnapshot;
import org.drover.master.supervise.SupervisorEvent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers every request on its listener ({@code stats-http}, {@code metrics}) with a document
 * made from a snapshot of the server: it asks the supervisor for one, renders it on its own
 * executor when it comes, and answers 503 if the supervisor does not answer within 5 s (500 if
 * the document cannot be made). No thread waits meanwhile.
 */
public final class SnapshotHandler extends Handler.Abstract.NonBlocking {

    /** A rendered document and its content type. */
    public record Document(String contentType, String text) {}

    private static final long TIMEOUT_SECONDS = 5;

    private final Consumer<SupervisorEvent> supervisor;
    private final Function<ServerSnapshot, Document> render;

    public SnapshotHandler(Consumer<SupervisorEvent> supervisor, Function<ServerSnapshot, Document> render) {
        this.supervisor = supervisor;
        this.render = render;
    }

    /**
     * Why a snapshot's document could not be made: the supervisor did not answer in time, or
     * making the document failed (named, so that a bug is not taken for a slow supervisor).
     */
    static String why(Throwable failure, long timeoutSeconds) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof TimeoutException
                ? "the supervisor did not answer within " + timeoutSeconds + " s"
                : "cannot make the document: " + cause;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        CompletableFuture<ServerSnapshot> snapshot = new CompletableFuture<>();
        supervisor.accept(new SupervisorEvent.SnapshotRequest(snapshot));
        // Rendered on the listener's own threads: the supervisor's, which completes the
        // snapshot, does no more than take it.
        Executor executor = request.getConnectionMetaData().getConnector().getExecutor();
        snapshot.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .thenApplyAsync(render, executor)
                .whenComplete((document, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        Response.writeError(
                                request,
                                response,
                                callback,
                                cause instanceof TimeoutException ? 503 : 500,
                                why(cause, TIMEOUT_SECONDS));
                        return;
                    }
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, document.contentType());
                    response.write(true, ByteBuffer.wrap(document.text().getBytes(StandardCharsets.UTF_8)), callback);
                });
        return true;
    }
}
