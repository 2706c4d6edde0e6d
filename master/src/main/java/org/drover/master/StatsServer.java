package org.drover.master;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.drover.master.config.ServerConfig;

/**
 * The stats server, as uWSGI's: on each connection to {@code stats ADDR} (TCP or a UNIX socket)
 * the master writes one JSON document and closes; {@code stats-http ADDR} serves the same JSON
 * over HTTP. The document is built by the supervisor, which owns the worker table.
 */
final class StatsServer implements AutoCloseable {

    private final Consumer<SupervisorEvent> supervisor;
    private final Console console;
    private ServerSocketChannel socket;
    private ServiceAddress address;
    private HttpServer http;

    StatsServer(Consumer<SupervisorEvent> supervisor, Console console) {
        this.supervisor = supervisor;
        this.console = console;
    }

    /** Opens the listeners the configuration asks for; logs where they listen. */
    void start(Optional<String> stats, Optional<ServerConfig.HostPort> statsHttp) throws IOException {
        if (stats.isPresent()) {
            address = new ServiceAddress(stats.get());
            socket = address.bind(null);
            console.log("drover stats on " + address.describe(socket));
            Thread thread = new Thread(this::serveSocket, "drover-stats");
            thread.setDaemon(true);
            thread.start();
        }
        if (statsHttp.isPresent()) {
            ServerConfig.HostPort hostPort = statsHttp.get();
            http = HttpServer.create(new InetSocketAddress(hostPort.host(), hostPort.port()), 16);
            http.createContext("/", exchange -> {
                byte[] body = document().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
            console.log("drover stats-http on http://" + hostPort.host() + ":"
                    + http.getAddress().getPort() + "/");
        }
    }

    private void serveSocket() {
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

    /** Asks the supervisor for the document; an error object if it does not answer in 5 s. */
    private String document() {
        CompletableFuture<String> document = new CompletableFuture<>();
        supervisor.accept(new SupervisorEvent.StatsRequest(document));
        try {
            return document.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "{\"error\":\"the supervisor did not answer within 5 s\"}\n";
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
        }
        if (socket != null) {
            try {
                socket.close();
                address.remove();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
