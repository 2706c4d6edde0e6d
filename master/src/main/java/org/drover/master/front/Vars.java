package org.drover.master.front;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.drover.wire.RequestHead;
import org.drover.wire.UwsgiPacket;
import org.drover.wire.WireException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * Builds a request's REQUEST payload from what Jetty parsed: its CGI/WSGI variables as a uwsgi
 * packet, then its headers as the client sent them.
 */
final class Vars {

    private Vars() {}

    /** The UTF-8 bytes of a decoded path as ISO-8859-1 characters: the packet carries bytes. */
    static String latin1(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) > 0x7f) {
                return new String(
                        path.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        return path;
    }

    private static String cgiName(String header) {
        return "HTTP_" + header.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Whether a field of the same name comes after index i. */
    private static boolean repeated(HttpFields headers, int i, HttpField field) {
        for (int j = i + 1; j < headers.size(); j++) {
            if (headers.getField(j).is(field.getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address and scheme: the peer's, or, when the peer is a trusted proxy, what its
     * X-Forwarded-For (the rightmost address that is not a trusted proxy) and X-Forwarded-Proto say.
     */
    private static String[] client(Request request, java.util.Set<String> trustedProxies) {
        String peer = Request.getRemoteAddr(request);
        String scheme = request.isSecure() ? "https" : "http";
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return new String[] {peer, scheme};
        }
        String forwardedFor = request.getHeaders().get(HttpHeader.X_FORWARDED_FOR);
        String address = peer;
        if (forwardedFor != null) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                address = hops[i].strip();
                if (!trustedProxies.contains(address)) {
                    break;
                }
            }
        }
        String proto = request.getHeaders().get(HttpHeader.X_FORWARDED_PROTO);
        if (proto != null
                && (proto.strip().equalsIgnoreCase("https") || proto.strip().equalsIgnoreCase("http"))) {
            scheme = proto.strip().toLowerCase(Locale.ROOT);
        }
        return new String[] {address.isEmpty() ? peer : address, scheme};
    }

    static byte[] encode(Request request, long contentLength, java.util.Set<String> trustedProxies)
            throws WireException {
        String[] client = client(request, trustedProxies);
        HttpURI uri = request.getHttpURI();
        String query = uri.getQuery();
        String pathQuery = uri.getPathQuery();
        UwsgiPacket.Builder packet = UwsgiPacket.builder()
                .add("REQUEST_METHOD", request.getMethod())
                .add("REQUEST_URI", pathQuery == null ? "/" : pathQuery)
                .add("PATH_INFO", uri.getDecodedPath() == null ? "/" : latin1(uri.getDecodedPath()))
                .add("QUERY_STRING", query == null ? "" : query)
                .add("SCRIPT_NAME", "")
                .add("SERVER_NAME", Request.getServerName(request))
                .add("SERVER_PORT", Integer.toString(Request.getServerPort(request)))
                .add("SERVER_ADDR", Request.getLocalAddr(request))
                .add("SERVER_PROTOCOL", request.getConnectionMetaData().getProtocol())
                .add("REMOTE_ADDR", client[0])
                .add("REMOTE_PORT", Integer.toString(Request.getRemotePort(request)))
                .add("REQUEST_SCHEME", client[1])
                .add("wsgi.url_scheme", client[1]);
        if (client[1].equals("https")) {
            packet.add("HTTPS", "on");
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null) {
            packet.add("CONTENT_TYPE", contentType);
        }
        if (contentLength > 0 || request.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
            packet.add("CONTENT_LENGTH", Long.toString(contentLength));
        }
        // Repeated headers are rare: join them in a map only when one shows up.
        java.util.Map<String, String> joined = null;
        HttpFields headers = request.getHeaders();
        List<String> received = new ArrayList<>(2 * headers.size());
        for (int i = 0; i < headers.size(); i++) {
            HttpField field = headers.getField(i);
            received.add(field.getName());
            received.add(field.getValue());
            HttpHeader header = field.getHeader();
            if (header == HttpHeader.CONTENT_TYPE || header == HttpHeader.CONTENT_LENGTH) {
                continue;
            }
            String name = field.getName();
            if (name.indexOf('_') >= 0) {
                continue; // X_User must not pose as X-User (nginx's underscores_in_headers off)
            }
            if (joined == null && !repeated(headers, i, field)) {
                packet.add(cgiName(name), field.getValue());
                continue;
            }
            if (joined == null) {
                joined = new java.util.LinkedHashMap<>();
            }
            String separator = header == HttpHeader.COOKIE ? "; " : ", ";
            joined.merge(cgiName(name), field.getValue(), (a, b) -> a + separator + b);
        }
        if (joined != null) {
            joined.forEach(packet::add);
        }
        // The headers also go as received (case, order, repeats), for apps that need them whole.
        return RequestHead.encode(packet.build(), received);
    }
}
