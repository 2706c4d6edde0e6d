package org.drover.master;

import java.util.Locale;
import org.drover.wire.UwsgiPacket;
import org.drover.wire.WireException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/** Builds a request's CGI/WSGI variables, as a uwsgi packet, from what Jetty parsed. */
final class Vars {

    private Vars() {
    }

    static byte[] encode(Request request, long contentLength) throws WireException {
        HttpURI uri = request.getHttpURI();
        String query = uri.getQuery();
        String pathQuery = uri.getPathQuery();
        UwsgiPacket.Builder packet = UwsgiPacket.builder()
                .add("REQUEST_METHOD", request.getMethod())
                .add("REQUEST_URI", pathQuery == null ? "/" : pathQuery)
                .add("PATH_INFO", uri.getDecodedPath() == null ? "/" : uri.getDecodedPath())
                .add("QUERY_STRING", query == null ? "" : query)
                .add("SCRIPT_NAME", "")
                .add("SERVER_NAME", Request.getServerName(request))
                .add("SERVER_PORT", Integer.toString(Request.getServerPort(request)))
                .add("SERVER_PROTOCOL", request.getConnectionMetaData().getProtocol())
                .add("REMOTE_ADDR", Request.getRemoteAddr(request))
                .add("REMOTE_PORT", Integer.toString(Request.getRemotePort(request)))
                .add("REQUEST_SCHEME", request.isSecure() ? "https" : "http");
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null) {
            packet.add("CONTENT_TYPE", contentType);
        }
        if (contentLength > 0 || request.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
            packet.add("CONTENT_LENGTH", Long.toString(contentLength));
        }
        java.util.Set<String> seen = null;
        for (HttpField field : request.getHeaders()) {
            HttpHeader header = field.getHeader();
            if (header == HttpHeader.CONTENT_TYPE || header == HttpHeader.CONTENT_LENGTH) {
                continue;
            }
            String name = field.getName();
            if (name.indexOf('_') >= 0) {
                continue; // X_User must not pose as X-User (nginx's underscores_in_headers off)
            }
            String key = "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
            if (seen == null) {
                seen = new java.util.HashSet<>();
            }
            if (!seen.add(key)) {
                continue; // joined below, on its first appearance
            }
            String value = request.getHeaders().getValuesList(name).size() > 1
                    ? String.join(header == HttpHeader.COOKIE ? "; " : ", ", request.getHeaders().getValuesList(name))
                    : field.getValue();
            packet.add(key, value);
        }
        return packet.build();
    }
}
