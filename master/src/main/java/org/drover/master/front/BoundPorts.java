package org.drover.master.front;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
            ports.bind("http", config.http());
            ports.bind("http-socket", config.httpSocket());
            ports.bind(
                    "socket",
                    config.socket()
                            .filter(address -> !address.contains("/"))
                            .map(address -> new ServiceAddress(address).hostPort()));
            ports.bind("stats-http", config.statsHttp());
            ports.bind("metrics", config.metrics());
        } catch (IOException e) {
            ports.close();
            throw e;
        }
        return ports;
    }

    private void bind(String name, Optional<ServerConfig.HostPort> address) throws IOException {
        if (address.isEmpty()) {
            return;
        }
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as Jetty binds
            channel.bind(
                    new InetSocketAddress(address.get().host(), address.get().port()), backlog);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on " + name + " " + address.get() + ": " + e.getMessage(), e);
        }
        channels.put(name, channel);
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
}
