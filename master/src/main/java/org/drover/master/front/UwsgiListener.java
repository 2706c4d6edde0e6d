package org.drover.master.front;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.drover.master.log.Console;

/**
 * The uwsgi {@code socket} listener, on a thread of its own rather than on Jetty's connector:
 * nginx opens a connection per request, and Jetty's per-connection machinery (an endpoint, a
 * selector registration, a task for the new endpoint, and a selector update to close it) cost
 * the master more than the request itself. Here one selector thread accepts, reads each request
 * as soon as it is accepted, and hands it to the dispatcher; the response is written by the
 * thread that has it (the worker connection's reader), straight to the socket, and only a write
 * the socket cannot take at once comes back to the selector. Nothing on this thread blocks: a
 * body that spools to a file is read on the executor.
 */
final class UwsgiListener implements AutoCloseable {

    /** How often idle connections are looked for. */
    private static final long SWEEP_MILLIS = 1000;

    private static final int ACCEPTS_PER_TURN = 256;

    private final ServerSocketChannel server;
    private final Path unixPath;
    private final Intake intake;
    private final Console console;
    private final int bufferSize;
    private final long idleTimeoutNanos;
    private final String description;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Set<UwsgiConnection> open = ConcurrentHashMap.newKeySet();
    private SelectionKey acceptKey;
    /** The last accept failed (out of file descriptors, say): accepting resumes at the next sweep. */
    private boolean acceptPaused;

    private volatile boolean running = true;

    /**
     * @param server bound already; non-blocking from now on
     * @param unixPath the socket's path, removed when the listener stops, or null for TCP
     * @param bufferSize the largest vars packet ({@code buffer-size})
     * @param idleTimeout how long a connection may go without progress
     */
    UwsgiListener(
            ServerSocketChannel server,
            Path unixPath,
            Intake intake,
            Console console,
            int bufferSize,
            Duration idleTimeout)
            throws IOException {
        this.server = server;
        this.unixPath = unixPath;
        this.intake = intake;
        this.console = console;
        this.bufferSize = bufferSize;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        if (unixPath != null) {
            description = "uwsgi://" + unixPath;
        } else {
            InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
            description = "uwsgi://" + local.getAddress().getHostAddress() + ":" + local.getPort();
        }
        this.selector = Selector.open();
        server.configureBlocking(false);
        thread = new Thread(this::run, "drover-uwsgi");
        thread.setDaemon(true);
    }

    void start() throws IOException {
        acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
        thread.start();
    }

    Intake intake() {
        return intake;
    }

    int bufferSize() {
        return bufferSize;
    }

    boolean tcp() {
        return unixPath == null;
    }

    /** The address the ready line shows. */
    String describe() {
        return description;
    }

    boolean inSelectorThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the selector thread: now, if this is it, else after its next wake-up. */
    void onSelector(Runnable task) {
        if (inSelectorThread()) {
            task.run();
        } else {
            tasks.add(task);
            selector.wakeup();
        }
    }

    /** Wakes the selector, so that a channel closed elsewhere is released now. */
    void wakeup() {
        selector.wakeup();
    }

    /** Registers a connection's channel, or changes what it waits for; on the selector thread. */
    SelectionKey register(SocketChannel channel, int ops, UwsgiConnection connection) throws IOException {
        return channel.register(selector, ops, connection);
    }

    void closed(UwsgiConnection connection) {
        open.remove(connection);
    }

    /**
     * New connections are refused from now on; those already made are served. The UNIX socket's
     * path goes first, so that a peer connecting from now on fails to connect (nginx then tries
     * its next server, even for a POST) instead of having its connection reset; then what waits
     * in the backlog is accepted, and only then the socket closed.
     */
    void stopAccepting() {
        onSelector(() -> {
            removePath();
            if (acceptKey != null && acceptKey.isValid()) {
                accept(Integer.MAX_VALUE);
                acceptKey.cancel();
            }
            closeQuietly(server);
        });
    }

    private void run() {
        long nextSweep = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
        while (running) {
            try {
                selector.select(this::selected, SWEEP_MILLIS);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
                    sweep(now);
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                console.log("drover: uwsgi listener: " + e);
            }
        }
    }

    private void selected(SelectionKey key) {
        if (key == acceptKey) {
            accept(ACCEPTS_PER_TURN);
            return;
        }
        UwsgiConnection connection = (UwsgiConnection) key.attachment();
        try {
            int ready = key.readyOps();
            if ((ready & SelectionKey.OP_WRITE) != 0) {
                connection.onWritable();
            }
            if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
                connection.onReadable();
            }
        } catch (java.nio.channels.CancelledKeyException e) {
            // closed by another thread meanwhile
        } catch (RuntimeException | Error e) {
            connection.close();
            console.log("drover: uwsgi connection failed: " + e);
        }
    }

    /** Takes the connections that are waiting, up to {@code most}, and reads what each has sent. */
    private void accept(int most) {
        for (int i = 0; i < most; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
                if (channel == null) {
                    return;
                }
                channel.configureBlocking(false);
                if (unixPath == null) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    console.log("drover: cannot accept on the uwsgi socket, pausing for a second: " + e.getMessage());
                    acceptKey.interestOps(0);
                    acceptPaused = true;
                }
                return;
            }
            UwsgiConnection connection = new UwsgiConnection(this, channel);
            open.add(connection);
            try {
                connection.onReadable();
            } catch (RuntimeException | Error e) {
                connection.close();
                console.log("drover: uwsgi connection failed: " + e);
            }
        }
    }

    private void sweep(long now) {
        if (acceptPaused && acceptKey.isValid()) {
            acceptPaused = false;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        for (UwsgiConnection connection : open) {
            connection.checkIdle(now, idleTimeoutNanos);
        }
    }

    private void removePath() {
        if (unixPath != null) {
            try {
                Files.deleteIfExists(unixPath);
            } catch (IOException e) {
                // the socket goes with the master
            }
        }
    }

    /** Closes every connection and the port; requests still open fail. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (UwsgiConnection connection : open) {
            connection.close();
        }
        closeQuietly(server);
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        removePath();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
