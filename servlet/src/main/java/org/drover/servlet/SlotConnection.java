package org.drover.servlet;

import java.net.SocketAddress;
import java.util.Set;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.AbstractMetaDataConnection;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.util.Attributes;

/**
 * A connection that carries one request at a time for a slot, and is its own
 * ConnectionMetaData, as Jetty's FastCGI connection is. What differs per request (addresses,
 * HTTP version, secure) comes from the request's {@link RequestHead}. Its HttpChannel is reused
 * by the next request after one that succeeded; after a failure the connection is dropped.
 */
final class SlotConnection extends AbstractMetaDataConnection {

    private final Attributes attributes = new Attributes.Lazy();
    private final String id;
    private HttpChannel channel;
    private volatile RequestHead head;

    SlotConnection(InProcessConnector connector, String id) {
        this(connector, new NoIoEndPoint(), id);
    }

    private SlotConnection(InProcessConnector connector, NoIoEndPoint endPoint, String id) {
        super(connector, connector.configuration(), endPoint);
        this.id = id;
        endPoint.setConnection(this);
    }

    /** The channel for the next request, which {@code head} describes. */
    HttpChannel channelFor(RequestHead head) {
        this.head = head;
        if (channel == null) {
            channel = new HttpChannel.DefaultFactory().newHttpChannel(this);
        }
        return channel;
    }

    // AbstractMetaDataConnection copies the end point's addresses once, when it is built; each
    // request has its own client.
    @Override
    public SocketAddress getRemoteSocketAddress() {
        RequestHead current = head;
        return current == null ? null : current.remote();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        RequestHead current = head;
        return current == null ? null : current.local();
    }

    @Override
    public HttpVersion getHttpVersion() {
        RequestHead current = head;
        return current == null ? HttpVersion.HTTP_1_1 : current.metaData().getHttpVersion();
    }

    /** What {@code ServletRequest.getProtocol()} returns: {@code HTTP/1.1}, not a transport's name. */
    @Override
    public String getProtocol() {
        return getHttpVersion().asString();
    }

    @Override
    public boolean isSecure() {
        RequestHead current = head;
        return current != null && current.secure();
    }

    /** Persistent, so that the servlet layer's per-channel state is kept for the next request. */
    @Override
    public boolean isPersistent() {
        return true;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void onFillable() {
        throw new IllegalStateException("no I/O here: requests arrive in process");
    }

    @Override
    public Object removeAttribute(String name) {
        return attributes.removeAttribute(name);
    }

    @Override
    public Object setAttribute(String name, Object value) {
        return attributes.setAttribute(name, value);
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.getAttribute(name);
    }

    @Override
    public Set<String> getAttributeNameSet() {
        return attributes.getAttributeNameSet();
    }

    @Override
    public void clearAttributes() {
        attributes.clearAttributes();
    }
}
