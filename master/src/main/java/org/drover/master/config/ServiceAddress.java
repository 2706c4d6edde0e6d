package org.drover.master.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The address of one of the master's small services (stats, control): {@code HOST:PORT}, or a
 * UNIX socket path, which is anything with a {@code /} in it.
 */
public record ServiceAddress(String text) {

    boolean unix() {
        return text.contains("/");
    }

    private SocketAddress socketAddress() {
        if (unix()) {
            return UnixDomainSocketAddress.of(Path.of(text));
        }
        ServerConfig.HostPort hostPort = hostPort();
        return new InetSocketAddress(hostPort.host(), hostPort.port());
    }

    /** A TCP address: {@code HOST:PORT}, an IPv6 host in brackets. */
    public ServerConfig.HostPort hostPort() {
        int colon = text.lastIndexOf(':');
        try {
            return new ServerConfig.HostPort(
                    text.substring(0, colon).replace("[", "").replace("]", ""),
                    Integer.parseInt(text.substring(colon + 1)));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalArgumentException("an address is HOST:PORT or a UNIX socket path, got '" + text + "'");
        }
    }

    /**
     * Listens here; a UNIX path is replaced if it exists, and made {@code mode} (such as
     * {@code rw-------}) so that only those it allows can connect, or left to the umask if null.
     */
    public ServerSocketChannel bind(String mode) throws IOException {
        if (unix()) {
            Path path = Path.of(text);
            removeStaleSocket(path);
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(socketAddress());
            if (mode != null) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
            }
            return channel;
        }
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(socketAddress());
        return channel;
    }

    /**
     * Makes way for a new socket at {@code path}: one left behind by a process that died is
     * removed, as uWSGI does; a socket something still listens on, or any other file, is an error.
     */
    public static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0170000) != 0140000) {
            throw new IOException(path + " exists and is not a socket");
        }
        try (SocketChannel live = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException(path + " is in use: another process listens on it");
        } catch (java.net.SocketException e) {
            Files.deleteIfExists(path); // nobody listens: left by a process that died
        }
    }

    /** The address a bound channel listens on, with the port it got, for the log. */
    public String describe(ServerSocketChannel bound) throws IOException {
        if (unix()) {
            return text;
        }
        InetSocketAddress local = (InetSocketAddress) bound.getLocalAddress();
        return text.substring(0, text.lastIndexOf(':')) + ":" + local.getPort();
    }

    public SocketChannel connect() throws IOException {
        return SocketChannel.open(socketAddress());
    }

    /** Removes a UNIX path; a TCP address leaves nothing behind. */
    public void remove() {
        if (unix()) {
            try {
                Files.deleteIfExists(Path.of(text));
            } catch (IOException e) {
                // gone anyway
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
