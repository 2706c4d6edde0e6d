package org.drover.master.systemd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/**
 * systemd's notification socket, {@code $NOTIFY_SOCKET}: an {@code AF_UNIX} datagram socket, at a
 * path or, for a name that starts with {@code @}, in the abstract namespace. The JDK has no Unix
 * datagram sockets (through 25), so this is jnr-unixsocket's.
 */
final class NotifySocket implements AutoCloseable {

    private final UnixDatagramChannel channel;
    private final UnixSocketAddress address;

    private NotifySocket(UnixDatagramChannel channel, UnixSocketAddress address) {
        this.channel = channel;
        this.address = address;
    }

    /**
     * @param name {@code $NOTIFY_SOCKET}: an absolute path, or {@code @} and an abstract name
     * @throws IllegalArgumentException for anything else (systemd's {@code vsock:} addresses)
     */
    static NotifySocket open(String name) throws IOException {
        UnixSocketAddress address;
        if (name.startsWith("@") && name.length() > 1) {
            address = new UnixSocketAddress("\0" + name.substring(1));
        } else if (name.startsWith("/")) {
            address = new UnixSocketAddress(name);
        } else {
            throw new IllegalArgumentException(
                    "NOTIFY_SOCKET '" + name + "' is neither an absolute path nor an @abstract name");
        }
        return new NotifySocket(UnixDatagramChannel.open(), address);
    }

    /** Sends one message, {@code KEY=VALUE} lines. */
    void send(String message) throws IOException {
        ByteBuffer datagram = ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8));
        channel.send(datagram, address);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
