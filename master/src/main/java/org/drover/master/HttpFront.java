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
    private final ServerConnector connector;
    private final ForwardingHandler handler;

    HttpFront(ServerConfig config, Dispatcher dispatcher, RequestLog log) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("drover-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(config.bufferSize());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        var address = config.http().orElseThrow();
        connector.setHost(address.host());
        connector.setPort(address.port());
        connector.setIdleTimeout(60_000);
        connector.setAcceptQueueSize(Math.max(config.listen(), 128));
        server.addConnector(connector);
        handler = new ForwardingHandler(dispatcher, log, threads, config.postBuffering(), config.limitPost(),
                config.listen());
        server.setHandler(handler);
        server.setStopTimeout(0);
    }

    void start() throws Exception {
        server.start();
    }

    Executor executor() {
        return server.getThreadPool();
    }

    /** The listener as the ready line shows it, with the bound port. */
    String describe() {
        String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
        return "http://" + host + ":" + connector.getLocalPort();
    }

    /** Requests taken and not yet answered. */
    int inFlight() {
        return handler.inFlight();
    }

    /** Stops taking new requests: new connections are refused, new requests on open ones get 503. */
    void stopAccepting() {
        handler.stopAccepting();
        try {
            connector.close();
        } catch (RuntimeException e) {
            // already closed
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
