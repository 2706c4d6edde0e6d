package org.drover.master.front;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drover.master.config.HttpsListener;
import org.drover.master.config.ServerConfig;
import org.drover.master.config.ServiceAddress;

/**
 * The master's listeners, bound first, before a worker is spawned or Jetty is built, so that a
 * port in use stops the start at once and the workers boot while Jetty starts. {@link Front}
 * serves on them.
 */
public final class BoundPorts implements AutoCloseable {

    private final Map<String, ServerSocketChannel> channels = new LinkedHashMap<>();
    /** The UNIX socket bound here and not yet taken, removed again if nobody takes it. */
    private Path unixPath;

    private final int backlog;

    private BoundPorts(int backlog) {
        this.backlog = backlog;
    }

    /**
     * Binds every listener of the configuration: the uwsgi socket on a UNIX path too, where a
     * socket left behind by a master that died is replaced, as uWSGI does; anything else at that
     * path is an error.
     *
     * @throws IOException naming the listener and its address, with every port closed again
     */
    public static BoundPorts bind(ServerConfig config) throws IOException {
        BoundPorts ports = new BoundPorts(Math.max(config.listen(), 128));
        try {
            ports.bind("http", config.http());
            ports.bind("http-socket", config.httpSocket());
            ports.bind("https", config.https().map(HttpsListener::address));
            if (config.socket().filter(address -> address.contains("/")).isPresent()) {
                ports.bindUnix("socket", Path.of(config.socket().get()), config.chmodSocket());
            } else {
                ports.bind("socket", config.socket().map(address -> new ServiceAddress(address).hostPort()));
            }
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

    private void bindUnix(String name, Path path, Optional<Integer> mode) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ServiceAddress.removeStaleSocket(path);
            channel.bind(UnixDomainSocketAddress.of(path), backlog);
            unixPath = path;
            if (mode.isPresent()) {
                Files.setPosixFilePermissions(path, permissions(mode.get()));
            }
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on " + name + " " + path + ": " + e.getMessage(), e);
        }
        channels.put(name, channel);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
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
        if (unixPath != null && channels.containsKey("socket")) {
            try {
                Files.deleteIfExists(unixPath);
            } catch (IOException e) {
                // left for the next start to replace
            }
        }
        channels.clear();
    }
}
