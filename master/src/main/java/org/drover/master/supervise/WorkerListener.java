package org.drover.master.supervise;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.function.Consumer;
import org.drover.master.log.Console;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;
import org.drover.wire.Hello;

/**
 * The master's UNIX socket for its workers: accepts each connection, checks its HELLO and the
 * per-run secret, and posts it to the supervisor.
 */
public final class WorkerListener implements AutoCloseable {

    private final ServerSocketChannel server;
    private final byte[] secret;
    private final Consumer<SupervisorEvent> events;
    private final Console console;
    /** Closes a connection whose HELLO has not come within HELLO_SECONDS, so one silent peer cannot stall the rest. */
    private final java.util.concurrent.ScheduledExecutorService timer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(run -> {
                Thread thread = new Thread(run, "drover-worker-listener-timer");
                thread.setDaemon(true);
                return thread;
            });

    private static final long HELLO_SECONDS = 10;

    public WorkerListener(Path socket, String secret, Consumer<SupervisorEvent> events, Console console)
            throws IOException {
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        this.server.bind(UnixDomainSocketAddress.of(socket), 64);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.events = events;
        this.console = console;
        Thread thread = new Thread(this::acceptLoop, "drover-worker-listener");
        thread.setDaemon(true);
        thread.start();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                return; // closed at shutdown
            }
            SocketChannel accepted = channel;
            var deadline = timer.schedule(
                    () -> {
                        try {
                            accepted.close();
                        } catch (IOException e) {
                            // closed anyway
                        }
                    },
                    HELLO_SECONDS,
                    java.util.concurrent.TimeUnit.SECONDS);
            try {
                FrameReader reader = new FrameReader(channel);
                Frame first = reader.read();
                if (!deadline.cancel(false)) {
                    console.log("drover: closed a worker connection that sent no HELLO within " + HELLO_SECONDS + " s");
                    continue;
                }
                if (first == null) {
                    channel.close();
                    continue;
                }
                Hello hello = Hello.of(first);
                if (!MessageDigest.isEqual(secret, hello.secret().getBytes(StandardCharsets.UTF_8))) {
                    console.log("drover: refused a worker connection with a wrong secret (pid " + hello.pid() + ")");
                    channel.close();
                    continue;
                }
                events.accept(new SupervisorEvent.Connected(hello, channel, reader));
            } catch (IOException e) {
                boolean timedOut = !deadline.isCancelled() && !deadline.cancel(false);
                console.log(
                        timedOut
                                ? "drover: closed a worker connection that sent no HELLO within " + HELLO_SECONDS + " s"
                                : "drover: bad worker connection: " + e.getMessage());
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
