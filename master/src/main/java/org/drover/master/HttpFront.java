package org.drover.master;

import java.util.concurrent.Executor;
import org.drover.master.config.ServerConfig;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The Jetty 12 server that takes the clients' HTTP connections (the {@code http} listener). */
final class HttpFront implements AutoCloseable {

    private final Server server;
    private final java.util.List<ServerConnector> connectors = new java.util.ArrayList<>();
    private final ForwardingHandler handler;

    HttpFront(ServerConfig config, Dispatcher dispatcher, RequestLog log) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("drover-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(config.bufferSize());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // http and http-socket are the same here: both are served by the master's Jetty.
        config.http().ifPresent(address -> listen(address, http, config.listen()));
        config.httpSocket().ifPresent(address -> listen(address, http, config.listen()));
        handler = new ForwardingHandler(dispatcher, log, threads, config.postBuffering(), config.limitPost(),
                config.listen(), config.trustedProxies());
        server.setHandler(handler);
        server.setStopTimeout(0);
    }

    private void listen(ServerConfig.HostPort address, HttpConfiguration http, int listen) {
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(address.host());
        connector.setPort(address.port());
        connector.setIdleTimeout(60_000);
        connector.setAcceptQueueSize(Math.max(listen, 128));
        server.addConnector(connector);
        connectors.add(connector);
    }

    void start() throws Exception {
        server.start();
    }

    Executor executor() {
        return server.getThreadPool();
    }

    /** The listener as the ready line shows it, with the bound port. */
    String describe() {
        java.util.List<String> listeners = new java.util.ArrayList<>();
        for (ServerConnector connector : connectors) {
            String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
            listeners.add("http://" + host + ":" + connector.getLocalPort());
        }
        return String.join(", ", listeners);
    }

    /** Requests taken and not yet answered. */
    int inFlight() {
        return handler.inFlight();
    }

    /** Stops taking new requests: new connections are refused, new requests on open ones get 503. */
    void stopAccepting() {
        handler.stopAccepting();
        for (ServerConnector connector : connectors) {
            try {
                connector.close();
            } catch (RuntimeException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway
        }
    }
}
