package org.drover.master.front;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.drover.master.config.ConfigException;
import org.drover.master.config.HttpsListener;
import org.drover.master.config.ServerConfig;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.dispatch.Exchange;
import org.drover.master.log.Console;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The master's Jetty 12 server, which takes the clients' connections on every listener: HTTP on
 * {@code http} and {@code http-socket}, the uwsgi protocol on {@code socket} (a TCP address or a
 * UNIX path). All of them feed one {@link Intake}.
 */
public final class Front implements AutoCloseable {

    /** How long a client connection may go without progress, on every listener of the apps. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final Server server;
    /** The listeners of the apps' clients, which a graceful stop closes. */
    private final List<ServerConnector> connectors = new ArrayList<>();
    /** The master's own listeners (stats, metrics), open until the process exits, each with its handler. */
    private final Map<Connector, Handler> own = new LinkedHashMap<>();
    /** The threads of those listeners, apart from the apps' pool, so that neither can starve the other. */
    private final QueuedThreadPool ownThreads = new QueuedThreadPool(8, 1);

    private final Intake intake;
    private final ServerConfig config;
    private final BoundPorts ports;
    /** The https listener's certificate and key, re-read on a reload, or null. */
    private final SslContextFactory.Server tls;

    private final Console console;
    /** The uwsgi {@code socket} listener, which runs apart from Jetty, or null. */
    private final UwsgiListener uwsgi;

    /** The pool of the apps' listeners, made before the front so that the supervisor can have it first. */
    public static QueuedThreadPool threadPool() {
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("drover-http");
        return threads;
    }

    /**
     * @param listener told of every request answered, by a worker or by the master itself
     * @param threads the pool from {@link #threadPool()}, started with the front
     * @param ports the listeners, bound already
     * @param console where a listener's failures are said
     */
    public Front(
            ServerConfig config,
            Dispatcher dispatcher,
            Exchange.Listener listener,
            QueuedThreadPool threads,
            BoundPorts ports,
            Console console) {
        this.config = config;
        this.ports = ports;
        server = new Server(threads);
        ownThreads.setName("drover-own");
        server.addBean(ownThreads);
        intake = new Intake(dispatcher, listener, threads, config.listen(), config.postBuffering(), config.limitPost());
        if (config.staticFiles().on()) {
            intake.enableStaticFiles(config.staticFiles(), console);
        }
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(config.bufferSize());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // http and http-socket are the same here: both are served by the master's Jetty.
        config.http().ifPresent(address -> listen("http", address, new HttpConnectionFactory(http)));
        config.httpSocket().ifPresent(address -> listen("http-socket", address, new HttpConnectionFactory(http)));
        if (config.https().isPresent()) {
            tls = tls(config.https().get());
            listenHttps(config.https().get(), http);
        } else {
            tls = null;
        }
        this.console = console;
        if (config.socket().isPresent()) {
            String address = config.socket().get();
            try {
                uwsgi = new UwsgiListener(
                        ports.take("socket"),
                        address.contains("/") ? Path.of(address) : null,
                        intake,
                        console,
                        config.bufferSize(),
                        IDLE_TIMEOUT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve on socket: " + e.getMessage(), e);
            }
        } else {
            uwsgi = null;
        }
        server.setHandler(new ByConnector(new ForwardingHandler(intake, config.trustedProxies()), own));
        server.setStopTimeout(0);
    }

    /**
     * Adds a listener of the master's own, such as the metrics, whose requests go to
     * {@code handler} on threads of their own, never to a worker. A graceful stop leaves it
     * open: it closes when the process exits. Call before {@link #start()}.
     *
     * @param name the listener's option, whose port is bound already
     * @return the connector
     */
    public ServerConnector serveOwn(String name, ServerConfig.HostPort address, Handler handler) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector =
                new ServerConnector(server, ownThreads, null, null, 0, 1, new HttpConnectionFactory(http));
        connector.setHost(address.host());
        open(connector, name);
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);
        handler.setServer(server);
        server.addBean(handler); // started and stopped with the server
        own.put(connector, handler);
        return connector;
    }

    /** Sends each request to the handler of the connector it came on, or to the forwarding handler. */
    private static final class ByConnector extends Handler.Wrapper {

        private final Map<Connector, Handler> own;

        ByConnector(Handler forwarding, Map<Connector, Handler> own) {
            super(forwarding);
            this.own = own;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Handler handler = own.get(request.getConnectionMetaData().getConnector());
            return handler != null
                    ? handler.handle(request, response, callback)
                    : super.handle(request, response, callback);
        }
    }

    private void listen(String name, ServerConfig.HostPort address, ConnectionFactory protocol) {
        // No acceptor threads: the selector accepts, one thread hop less per new connection
        // (nginx opens one per request), and nothing is left blocked in accept() at a stop.
        ServerConnector connector = new ServerConnector(server, 0, 1, protocol);
        connector.setHost(address.host()); // for describe(); the port and its backlog are bound already
        open(connector, name);
        add(connector);
    }

    /**
     * TLS 1.2 and 1.3, with the certificate and key of the PEM files, and client certificates
     * from the CA file if there is one.
     *
     * @throws ConfigException naming the file that cannot be read or does not match
     */
    private static SslContextFactory.Server tls(HttpsListener https) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        try {
            tls.setKeyStore(PemKeyStore.of(https.certificate(), https.key()));
            if (https.clientCa().isPresent()) {
                tls.setTrustStore(PemKeyStore.trusting(https.clientCa().get()));
                tls.setNeedClientAuth(https.clientCertificateRequired());
                tls.setWantClientAuth(!https.clientCertificateRequired());
            }
        } catch (IOException e) {
            throw new ConfigException("https: " + e.getMessage());
        }
        tls.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        https.ciphers().ifPresent(ciphers -> tls.setIncludeCipherSuites(ciphers.split(":")));
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        return tls;
    }

    /** HTTP/2 by ALPN, HTTP/1.1 for a client that asks for nothing else; {@code isSecure()} for the apps. */
    private void listenHttps(HttpsListener https, HttpConfiguration plain) {
        HttpConfiguration secure = new HttpConfiguration(plain);
        // The certificate's names are the operator's business: a request by IP address or for
        // another name is served, as nginx does.
        secure.addCustomizer(new SecureRequestCustomizer(false));
        HttpConnectionFactory http11 = new HttpConnectionFactory(secure);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(secure);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol(http11.getProtocol());
        SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());
        ServerConnector connector = new ServerConnector(server, 0, 1, ssl, alpn, http2, http11);
        connector.setHost(https.address().host());
        open(connector, "https");
        add(connector);
    }

    /**
     * Reads the https certificate and key again, for new connections; open ones keep theirs. A
     * pair that cannot be read, or does not match, is said in one line, and the old one stays.
     */
    public void reloadCertificates() {
        if (tls == null) {
            return;
        }
        HttpsListener https = config.https().get();
        KeyStore fresh;
        try {
            fresh = PemKeyStore.of(https.certificate(), https.key());
        } catch (IOException e) {
            console.log("drover: https: keeping the old certificate: " + e.getMessage());
            return;
        }
        try {
            tls.reload(factory -> factory.setKeyStore(fresh));
            console.log("drover: https: certificate re-read from " + https.certificate());
        } catch (Exception e) {
            console.log("drover: https: keeping the old certificate: " + e.getMessage());
        }
    }

    /** Gives the connector the port bound for it. */
    private void open(ServerConnector connector, String name) {
        try {
            connector.open(ports.take(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve on " + name + ": " + e.getMessage(), e);
        }
    }

    private void add(ServerConnector connector) {
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        connectors.add(connector);
    }

    /** Starts serving on the bound ports. */
    public void start() throws Exception {
        server.start();
        if (uwsgi != null) {
            uwsgi.start();
        }
    }

    public Executor executor() {
        return server.getThreadPool();
    }

    /** The listeners as the ready line shows them, with the bound ports. */
    public String describe() {
        List<String> listeners = new ArrayList<>();
        for (ServerConnector connector : connectors) {
            String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
            String scheme = connector.getConnectionFactory(SslConnectionFactory.class) != null ? "https://" : "http://";
            listeners.add(scheme + host + ":" + connector.getLocalPort());
        }
        if (uwsgi != null) {
            listeners.add(uwsgi.describe());
        }
        return String.join(", ", listeners);
    }

    /** Requests taken and not yet answered. */
    public int inFlight() {
        return intake.inFlight();
    }

    /**
     * Stops taking new requests: new connections are refused (the UNIX socket's path is removed,
     * so connecting to it fails), new requests on open ones get 503.
     */
    public void stopAccepting() {
        intake.stopAccepting();
        for (ServerConnector connector : connectors) {
            connector.setAccepting(false);
            try {
                connector.close();
            } catch (RuntimeException e) {
                // already closed
            }
        }
        if (uwsgi != null) {
            uwsgi.stopAccepting();
        }
    }

    @Override
    public void close() {
        if (uwsgi != null) {
            uwsgi.close(); // first: it hands work to the pool that the server's stop ends
        }
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway
        }
    }
}
