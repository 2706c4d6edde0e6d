package org.drover.master.front;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.drover.master.config.ServerConfig;
import org.drover.master.config.ServiceAddress;

/**
 * The master's TCP listeners, bound first, before a worker is spawned or Jetty is built, so that
 * a port in use stops the start at once and the workers boot while Jetty starts. {@link Front}
 * serves on them. (The uwsgi socket on a UNIX path is bound by Jetty as it starts.)
 */
public final class BoundPorts implements AutoCloseable {

    private final Map<String, ServerSocketChannel> channels = new LinkedHashMap<>();
    private final int backlog;

    private BoundPorts(int backlog) {
        this.backlog = backlog;
    }

    /**
     * Binds every TCP listener of the configuration.
     *
     * @throws IOException naming the listener and its address, with every port closed again
     */
    public static BoundPorts bind(ServerConfig config) throws IOException {
        BoundPorts ports = new BoundPorts(Math.max(config.listen(), 128));
        try {
            config.http().ifPresent(address -> ports.bind("http", address));
            config.httpSocket().ifPresent(address -> ports.bind("http-socket", address));
            config.socket()
                    .filter(address -> !address.contains("/"))
                    .ifPresent(address -> ports.bind("socket", new ServiceAddress(address).hostPort()));
            config.statsHttp().ifPresent(address -> ports.bind("stats-http", address));
            config.metrics().ifPresent(address -> ports.bind("metrics", address));
        } catch (Unbindable e) {
            ports.close();
            throw e.getCause();
        }
        return ports;
    }

    private void bind(String name, ServerConfig.HostPort address) {
        try {
            ServerSocketChannel channel = ServerSocketChannel.open();
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as Jetty binds
                channel.bind(new InetSocketAddress(address.host(), address.port()), backlog);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            channels.put(name, channel);
        } catch (IOException e) {
            throw new Unbindable(
                    new IOException("cannot listen on " + name + " " + address + ": " + e.getMessage(), e));
        }
    }

    /** The bound channel of this listener ({@code http}, {@code metrics}, ...), now the caller's. */
    ServerSocketChannel take(String name) {
        ServerSocketChannel channel = channels.remove(name);
        if (channel == null) {
            throw new IllegalStateException("no bound port for " + name);
        }
        return channel;
    }

    /** Closes the ports no listener took. */
    @Override
    public void close() {
        for (ServerSocketChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        channels.clear();
    }

    /** Carries a bind failure out of the lambdas. */
    private static final class Unbindable extends RuntimeException {
        Unbindable(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
