package org.drover.servlet;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.drover.api.Environ;
import org.drover.api.Headers;
import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.util.HostPort;

/**
 * A request as Jetty takes it, made from an {@link Environ}: what the client sent, and what the
 * master knows of the client (its address and scheme, after {@code trusted-proxies}), so that
 * the webapp sees the truth and the URLs it builds point back to where the client came from.
 *
 * @param metaData method, URI (scheme, the host and port the client used, the path and query
 *     as sent), HTTP version, the headers as received, the body's length
 * @param remote the client's address
 * @param local the address the client reached
 * @param secure whether the client used https
 */
record RequestHead(MetaData.Request metaData, InetSocketAddress remote, InetSocketAddress local, boolean secure) {

    static RequestHead of(Environ environ) {
        String scheme = environ.scheme();
        Headers received = environ.headers();
        HostPort authority = authority(environ, scheme);
        HttpURI uri = HttpURI.build()
                .scheme(scheme)
                .host(authority.getHost())
                .port(authority.getPort())
                .pathQuery(environ.requestUri());
        HttpVersion version = HttpVersion.fromString(environ.serverProtocol());
        HttpFields.Mutable fields = HttpFields.build(received.size());
        for (int i = 0; i < received.size(); i++) {
            fields.add(field(received.name(i), received.value(i)));
        }
        MetaData.Request request = new MetaData.Request(
                System.nanoTime(),
                environ.method(),
                uri,
                version == null ? HttpVersion.HTTP_1_1 : version,
                fields,
                environ.contentLength());
        String localHost = environ.get("SERVER_ADDR").orElse(environ.serverName());
        return new RequestHead(
                request,
                address(environ.remoteAddr(), environ.remotePort()),
                address(localHost, environ.serverPort()),
                environ.isSecure());
    }

    /**
     * The host and port the client addressed: its {@code Host} header (port: the scheme's default
     * when the header has none), else {@code SERVER_NAME} and {@code SERVER_PORT}.
     */
    private static HostPort authority(Environ environ, String scheme) {
        String host = environ.headers().first("Host").orElse("").strip();
        if (!host.isEmpty()) {
            try {
                HostPort parsed = new HostPort(host);
                if (parsed.hasHost()) {
                    return new HostPort(parsed.getHost(), parsed.getPort(HttpScheme.getDefaultPort(scheme)));
                }
            } catch (IllegalArgumentException e) {
                // a Host that does not parse: fall back on what the master says
            }
        }
        String name = environ.serverName().isEmpty() ? "localhost" : environ.serverName();
        int port = environ.serverPort() > 0 ? environ.serverPort() : HttpScheme.getDefaultPort(scheme);
        return new HostPort(name, port);
    }

    private static HttpField field(String name, String value) {
        if (HttpHeader.HOST.is(name)) {
            try {
                return new HostPortHttpField(HttpHeader.HOST, name, new HostPort(value));
            } catch (IllegalArgumentException e) {
                return new HttpField(name, value);
            }
        }
        return new HttpField(name, value);
    }

    /** An address from the vars, never looked up in DNS: an IP literal, else an unresolved name. */
    static InetSocketAddress address(String host, int port) {
        int validPort = port >= 0 && port <= 65535 ? port : 0;
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (isIpLiteral(literal)) {
            try {
                return new InetSocketAddress(InetAddress.getByName(literal), validPort);
            } catch (UnknownHostException e) {
                // not a literal after all
            }
        }
        return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, validPort);
    }

    /** IPv4 dotted digits, or IPv6 (hex digits, colons, dots): what getByName parses without DNS. */
    private static boolean isIpLiteral(String host) {
        if (host.isEmpty()) {
            return false;
        }
        boolean colon = host.indexOf(':') >= 0;
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(c >= '0' && c <= '9' || c == ':' || colon && Character.digit(c, 16) >= 0 || c == '%')) {
                return false;
            }
        }
        return colon || dots == 3;
    }
}
