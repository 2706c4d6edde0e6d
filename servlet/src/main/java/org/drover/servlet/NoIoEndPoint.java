package org.drover.servlet;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * The end point of a {@link SlotConnection}: no socket, no I/O. The servlet layer asks it for
 * its idle timeout and addresses only; request content comes from {@link RequestContent} and the
 * response leaves through {@link Exchange#send}.
 */
final class NoIoEndPoint implements EndPoint {

    private final long created = System.currentTimeMillis();
    private volatile Connection connection;
    private volatile long idleTimeout;

    @Override
    public SocketAddress getLocalSocketAddress() {
        return connection instanceof SlotConnection slot ? slot.getLocalSocketAddress() : null;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return connection instanceof SlotConnection slot ? slot.getRemoteSocketAddress() : null;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public long getCreatedTimeStamp() {
        return created;
    }

    @Override
    public void shutdownOutput() {}

    @Override
    public boolean isOutputShutdown() {
        return false;
    }

    @Override
    public boolean isInputShutdown() {
        return false;
    }

    @Override
    public void close(Throwable cause) {}

    @Override
    public int fill(ByteBuffer buffer) {
        return 0;
    }

    @Override
    public boolean flush(ByteBuffer... buffers) {
        throw new UnsupportedOperationException("no I/O here: a response leaves through Exchange.send");
    }

    @Override
    public Object getTransport() {
        return null;
    }

    /** Kept, never enforced: harakiri is the per-request timeout. */
    @Override
    public long getIdleTimeout() {
        return idleTimeout;
    }

    @Override
    public void setIdleTimeout(long idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void fillInterested(Callback callback) {
        throw new UnsupportedOperationException("no I/O here: request content comes from RequestContent");
    }

    @Override
    public boolean tryFillInterested(Callback callback) {
        return false;
    }

    @Override
    public boolean isFillInterested() {
        return false;
    }

    @Override
    public Callback cancelWrite(Throwable cause) {
        return Callback.NOOP;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public void setConnection(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void onOpen() {}

    @Override
    public void onClose(Throwable cause) {}

    @Override
    public void upgrade(Connection newConnection) {
        throw new UnsupportedOperationException("no protocol upgrades (WebSocket) in Drover's servlet container");
    }
}
