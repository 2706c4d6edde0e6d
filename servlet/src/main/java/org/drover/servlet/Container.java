package org.drover.servlet;

import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.api.Config;
import org.drover.api.Environ;
import org.drover.api.StartResponse;
import org.drover.api.WorkerInfo;
import org.eclipse.jetty.ee.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee11.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Serves the Jakarta Servlet webapps of a worker through the {@link Application} SPI: one Jetty
 * 12 ee11 {@link Server} with no network listener, one {@link WebAppContext} per webapp, and
 * each request run through Jetty on the slot's own request thread.
 *
 * <p>The worker builds it with Guice, as any app, with {@code @Named("drover.webapps")}: one map
 * per webapp, {@code name}, {@code context} ({@code /billing}, or {@code ""} for the root) and
 * {@code dir} (unpacked, with {@code WEB-INF/}), and {@code tmp}, its temp directory, if the worker chooses it. Values {@code --set NAME.key=value} become the
 * init parameters {@code key} of webapp {@code NAME}. The constructor returns once every webapp
 * has started (listeners and load-on-startup servlets included), or throws, after stopping what
 * had started, an exception whose message is one line naming the webapp, its context path and
 * the root cause; it has no cause of its own (the original is suppressed), so the worker, which
 * reports a failure's root cause, reports that line.
 *
 * <p>{@link #call} returns a {@link Body#buffered buffered written body}: the servlet runs in its writer,
 * on the slot thread, so that harakiri's stack dump of the slot shows the servlet and its
 * interrupt reaches it. An async servlet ({@code startAsync}, {@code ReadListener}) goes on on
 * the container's own bounded pool ({@code drover-servlet-*} threads); the slot thread waits in
 * the writer, and so stays busy, until the response has ended, and writes what the pool hands it.
 *
 * <p>Not served: a WebSocket upgrade ({@code Upgrade: websocket}) is answered {@code 501 Not
 * Implemented} with a plain text reason, and logged once per request; a webapp whose start needs
 * {@code jakarta.websocket}'s server container fails to start with a message that says so.
 *
 * <p>{@link #close} waits for running requests (up to 10 s) and stops the server, which destroys
 * the contexts ({@code contextDestroyed}, {@code @PreDestroy}).
 */
public final class Container implements Application {

    private static final long DRAIN_MILLIS = 10_000;

    /** What no webapp sees of this module's loader, besides Jetty's server classes. */
    private static final String[] HIDDEN = hidden();

    private final List<Webapp> webapps;
    private final Server server;
    private final QueuedThreadPool pool;
    private final InProcessConnector connector;
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final ConcurrentLinkedDeque<SlotConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final Object drained = new Object();

    /**
     * Starts the webapps.
     *
     * @param webapps one map per webapp: {@code name}, {@code context}, {@code dir}
     * @param config the {@code --set} values; {@code NAME.key} become webapp NAME's init parameters
     * @param worker the worker: its number of slots sizes the pool, its index names its sessions
     * @throws IllegalArgumentException if a map lacks a key or has a bad value
     * @throws IllegalStateException if a webapp does not start
     */
    @Inject
    public Container(@Named("drover.webapps") List<Map<String, String>> webapps, Config config, WorkerInfo worker) {
        if (worker.threads() < 1) {
            throw new IllegalArgumentException("worker.threads() must be >= 1, got " + worker.threads());
        }
        this.webapps = Webapp.of(webapps, config);
        // Blocked body reads hold one thread per slot at most; async work and listeners get as many again.
        int threads = Math.max(8, 2 * worker.threads() + 2);
        pool = new QueuedThreadPool(threads, Math.min(2, threads), 60_000);
        pool.setName("drover-servlet");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        server = new Server(pool);
        // Not named drover-servlet-*: harakiri dumps that pool's busy threads, and a timer is none of them.
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("drover-jetty-scheduler", true);
        server.addBean(scheduler);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSendDateHeader(false); // the master's
        http.setRelativeRedirectAllowed(false); // sendRedirect builds Location from the client's Host and scheme
        connector = new InProcessConnector(server, pool, scheduler, http);
        server.addConnector(connector);
        server.setHandler(contexts);
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        server.setErrorHandler(errors);
        DefaultSessionIdManager sessionIds = new DefaultSessionIdManager(server);
        sessionIds.setWorkerName("w" + worker.index()); // JSESSIONID=<id>.w2: which worker has the session
        server.addBean(sessionIds, true);
        server.setStopTimeout(5_000);
        withContainerLoader(this::start);
    }

    private void start() {
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("the servlet container did not start: " + describe(rootCause(e)));
        }
        for (Webapp webapp : webapps) {
            WebAppContext context = null;
            Throwable failure;
            try {
                context = context(webapp);
                // Added to a started collection, a context is neither started nor stopped with it:
                // it starts here, and is managed from then on, so that stopping the server stops it.
                contexts.addHandler(context);
                ensureAnnotations(context);
                context.start();
                contexts.manage(context);
                failure = context.isAvailable() ? null : context.getUnavailableException();
                if (failure == null && !context.isAvailable()) {
                    failure = new IllegalStateException("unavailable");
                }
            } catch (Throwable e) {
                failure = e;
            }
            if (failure != null) {
                try {
                    if (context != null) {
                        context.stop();
                    }
                } catch (Exception | LinkageError e) {
                    failure.addSuppressed(e);
                }
                stopQuietly();
                IllegalStateException e = new IllegalStateException(startFailure(webapp, failure));
                e.addSuppressed(failure);
                throw e;
            }
        }
    }

    private static String[] hidden() {
        List<String> hidden = new ArrayList<>(List.of("org.drover.", "com.google.inject.", "org.slf4j."));
        for (String type :
                List.of("org.slf4j.LoggerFactory", "org.eclipse.jetty.logging.JettyLoggingServiceProvider")) {
            try {
                java.security.CodeSource source = Class.forName(type, false, Container.class.getClassLoader())
                        .getProtectionDomain()
                        .getCodeSource();
                if (source != null && source.getLocation() != null) {
                    hidden.add(source.getLocation().toURI().toString());
                }
            } catch (ClassNotFoundException | java.net.URISyntaxException e) {
                // not on this loader: nothing to hide
            }
        }
        return hidden.toArray(String[]::new);
    }

    /** A webapp's context: webapp-first class loading under this module's loader, no stacks shown. */
    private WebAppContext context(Webapp webapp) {
        WebAppContext context = new WebAppContext();
        context.setDisplayName(webapp.name());
        context.setContextPath(webapp.contextPath().isEmpty() ? "/" : webapp.contextPath());
        context.setWar(webapp.dir().toString());
        if (webapp.tmp() != null) {
            context.setTempDirectory(webapp.tmp().toFile()); // made at start, deleted at stop
        }
        context.setExtractWAR(false);
        context.setCopyWebDir(false);
        context.setCopyWebInf(false);
        context.setParentLoaderPriority(false);
        // The parent is the container's loader (this jar and Jetty's), never the worker's class path.
        context.setClassLoader(new WebAppClassLoader(Container.class.getClassLoader(), context));
        // Hidden as Jetty's own: this module, Guice, which the worker shares with this module only,
        // and Jetty's logging, by package and by jar, so that its service files do not reach a
        // webapp's own slf4j either.
        context.addHiddenClassMatcher(new ClassMatcher(HIDDEN));
        context.setThrowUnavailableOnStartupException(true);
        context.setLogUrlOnStart(false);
        context.addConfiguration(new OperatorParameters(webapp.initParameters()));
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        context.setErrorHandler(errors);
        return context;
    }

    /**
     * Makes sure the context scans annotations and runs ServletContainerInitializers with
     * {@code @HandlesTypes}. Jetty loads the known configurations on first use (this loads them),
     * the annotation one among them when its jar is on the loader.
     */
    private static void ensureAnnotations(WebAppContext context) {
        if (context.getConfigurations().get(AnnotationConfiguration.class) == null) {
            context.addConfiguration(new AnnotationConfiguration());
        }
    }

    private static String startFailure(Webapp webapp, Throwable failure) {
        String cause = describe(rootCause(failure));
        String hint = cause.toLowerCase(Locale.ROOT).contains("websocket")
                ? " (Drover's servlet container has no WebSocket support yet)"
                : "";
        return webapp.describe() + " did not start: " + cause + hint;
    }

    @Override
    public Body call(Environ environ, StartResponse startResponse) {
        if (isWebSocketUpgrade(environ)) {
            return refuseWebSocket(environ, startResponse);
        }
        // Buffered: Jetty's last part leaves with the end of the response, in one write to the master.
        return Body.buffered(out -> serve(environ, startResponse, out));
    }

    /** On the slot thread, in the writer: runs the request through Jetty and writes its response. */
    private void serve(Environ environ, StartResponse startResponse, OutputStream out) throws IOException {
        SlotConnection connection = idle.poll();
        if (connection == null) {
            connection = new SlotConnection(connector, "slot-connection-" + connections.incrementAndGet());
        }
        RequestHead head = RequestHead.of(environ);
        InputStream input = environ.input() == null ? InputStream.nullInputStream() : environ.input();
        RequestContent content = new RequestContent(input, environ.contentLength(), pool);
        Exchange exchange = new Exchange(connection, head, content, startResponse, out, pool);
        running.incrementAndGet();
        try {
            exchange.run();
        } finally {
            if (exchange.reusable()) {
                idle.push(connection);
            } else {
                dropped.incrementAndGet(); // failed or abandoned: its channel is not trusted again
            }
            if (running.decrementAndGet() == 0) {
                synchronized (drained) {
                    drained.notifyAll();
                }
            }
        }
    }

    private static boolean isWebSocketUpgrade(Environ environ) {
        for (String upgrade : environ.headers().values("Upgrade")) {
            for (String token : upgrade.split(",")) {
                if (token.strip().equalsIgnoreCase("websocket")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Body refuseWebSocket(Environ environ, StartResponse startResponse) {
        System.err.println("drover servlet: refused a WebSocket upgrade of " + environ.method() + " "
                + environ.requestUri() + ": Drover's servlet container does not support WebSocket yet");
        startResponse.start(501, "Content-Type", "text/plain;charset=utf-8");
        return Body.of("WebSocket is not supported by this server yet\n");
    }

    /** Waits for the running requests (10 s at most), then stops the webapps and the server. */
    @Override
    public void close() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        synchronized (drained) {
            for (long left = DRAIN_MILLIS; running.get() > 0 && left > 0; ) {
                drained.wait(left);
                left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            }
        }
        withContainerLoader(server::stop);
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("drover servlet: stopping after a failed start: " + describe(rootCause(e)));
        }
    }

    /**
     * Runs a step with this module's loader as the context class loader: Jetty finds its
     * configurations and the webapps' initializers through ServiceLoader, which looks there.
     */
    private static <E extends Exception> void withContainerLoader(Step<E> step) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(Container.class.getClassLoader());
        try {
            step.run();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @FunctionalInterface
    private interface Step<E extends Exception> {
        void run() throws E;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage() == null
                ? ""
                : ": " + t.getMessage().lines().findFirst().orElse("").strip();
        return t.getClass().getName() + message;
    }

    /** How many connections were dropped after a failed or abandoned exchange: for tests. */
    int droppedConnections() {
        return dropped.get();
    }
}
