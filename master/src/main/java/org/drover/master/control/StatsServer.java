package org.drover.master.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.drover.master.config.ServiceAddress;
import org.drover.master.log.Console;
import org.drover.master.supervise.ServerSnapshot;
import org.drover.master.supervise.SupervisorEvent;

/**
 * The stats server, as uWSGI's: on each connection to {@code stats ADDR} (TCP or a UNIX socket)
 * the master writes one JSON document and closes. The document is made from a snapshot the
 * supervisor takes, since it owns the worker table.
 */
public final class StatsServer implements AutoCloseable {

    private final ServiceAddress address;
    private final Consumer<SupervisorEvent> supervisor;
    private final Console console;
    private ServerSocketChannel socket;

    public StatsServer(ServiceAddress address, Consumer<SupervisorEvent> supervisor, Console console) {
        this.address = address;
        this.supervisor = supervisor;
        this.console = console;
    }

    /** Opens the socket and logs where it listens. */
    public void start() throws IOException {
        socket = address.bind(null);
        console.log("drover stats on " + address.describe(socket));
        Thread thread = new Thread(this::serve, "drover-stats");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (socket.isOpen()) {
            try (SocketChannel client = socket.accept()) {
                ByteBuffer out = ByteBuffer.wrap(document().getBytes(StandardCharsets.UTF_8));
                while (out.hasRemaining()) {
                    client.write(out);
                }
            } catch (IOException e) {
                if (!socket.isOpen()) {
                    return;
                }
            }
        }
    }

    /** Asks the supervisor for a snapshot; an error object if it does not answer in 5 s or the document fails. */
    private String document() {
        CompletableFuture<ServerSnapshot> snapshot = new CompletableFuture<>();
        supervisor.accept(new SupervisorEvent.SnapshotRequest(snapshot));
        try {
            return StatsDocument.of(snapshot.get(5, TimeUnit.SECONDS)).toJson() + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StatsDocument.error("interrupted while waiting for the supervisor");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return StatsDocument.error(SnapshotHandler.why(e instanceof ExecutionException ? e.getCause() : e, 5));
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            address.remove();
        }
    }
}
