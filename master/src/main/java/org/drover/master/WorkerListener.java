package org.drover.master;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.function.Consumer;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;
import org.drover.wire.Hello;

/**
 * The master's UNIX socket for its workers: accepts each connection, checks its HELLO and the
 * per-run secret, and posts it to the supervisor.
 */
final class WorkerListener implements AutoCloseable {

    private final ServerSocketChannel server;
    private final byte[] secret;
    private final Consumer<SupervisorEvent> events;
    private final Console console;

    WorkerListener(Path socket, String secret, Consumer<SupervisorEvent> events, Console console) throws IOException {
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
            try {
                FrameReader reader = new FrameReader(channel);
                Frame first = reader.read();
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
                console.log("drover: bad worker connection: " + e.getMessage());
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
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
