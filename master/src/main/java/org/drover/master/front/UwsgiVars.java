package org.drover.master.front;

import java.util.Locale;
import java.util.Map;
import org.drover.wire.UwsgiPacket;
import org.drover.wire.WireException;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;

/**
 * The vars of a request that came in on the uwsgi {@code socket}, as the peer (nginx, say) sent
 * them, checked and completed for the worker. The peer is the trust boundary: its
 * {@code REMOTE_ADDR} and scheme are taken as they are, as uWSGI does.
 */
final class UwsgiVars {

    private final Map<String, String> vars;
    private final long contentLength;

    private UwsgiVars(Map<String, String> vars, long contentLength) {
        this.vars = vars;
        this.contentLength = contentLength;
    }

    /**
     * Decodes and checks the vars of one packet.
     *
     * @throws WireException naming what is missing or malformed
     */
    static UwsgiVars decode(byte[] data) throws WireException {
        Map<String, String> vars = UwsgiPacket.decodeVars(data, 0, data.length);
        String method = vars.get("REQUEST_METHOD");
        if (method == null || method.isEmpty()) {
            throw new WireException("the uwsgi vars have no REQUEST_METHOD");
        }
        String length = vars.getOrDefault("CONTENT_LENGTH", "");
        long contentLength;
        try {
            contentLength = length.isEmpty() ? 0 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            contentLength = -1;
        }
        if (contentLength < 0) {
            throw new WireException("the uwsgi var CONTENT_LENGTH is not a byte count: '" + length + "'");
        }
        String query = vars.getOrDefault("QUERY_STRING", "");
        if (!vars.containsKey("REQUEST_URI")) {
            String path = vars.getOrDefault("PATH_INFO", "/");
            vars.put("REQUEST_URI", query.isEmpty() ? path : path + "?" + query);
        }
        if (!vars.containsKey("PATH_INFO")) {
            vars.put("PATH_INFO", decodedPath(vars.get("REQUEST_URI")));
        }
        vars.putIfAbsent("QUERY_STRING", "");
        vars.putIfAbsent("SCRIPT_NAME", "");
        vars.putIfAbsent("SERVER_PROTOCOL", "HTTP/1.1");
        vars.putIfAbsent("REMOTE_ADDR", "");
        if (!vars.containsKey("wsgi.url_scheme")) {
            boolean https = vars.getOrDefault("HTTPS", "").equalsIgnoreCase("on")
                    || vars.getOrDefault("REQUEST_SCHEME", "").equalsIgnoreCase("https");
            vars.put("wsgi.url_scheme", https ? "https" : "http");
        }
        return new UwsgiVars(vars, contentLength);
    }

    /** The packet for the worker: every var the peer sent, completed. */
    byte[] encode() throws WireException {
        UwsgiPacket.Builder packet = UwsgiPacket.builder();
        vars.forEach(packet::add);
        return packet.build();
    }

    long contentLength() {
        return contentLength;
    }

    /** A var, or the default when the peer did not send it. */
    String get(String name, String otherwise) {
        return vars.getOrDefault(name, otherwise);
    }

    /** A request header by its HTTP name, from its {@code HTTP_*} var, or null. */
    String header(String name) {
        return vars.get("HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /**
     * The path of a request URI, decoded as the HTTP listener decodes it, with Jetty's parser and
     * its default URI compliance: an ambiguous path ({@code %2F}, {@code %2e%2e}) or a bad escape
     * is refused, as the HTTP listener answers it with 400.
     */
    private static String decodedPath(String uri) throws WireException {
        HttpURI parsed;
        try {
            parsed = HttpURI.from(uri);
        } catch (IllegalArgumentException e) {
            throw new WireException("the uwsgi var REQUEST_URI is not a request URI: '" + uri + "'");
        }
        for (UriCompliance.Violation violation : parsed.getViolations()) {
            if (!UriCompliance.DEFAULT.allows(violation)) {
                throw new WireException("the uwsgi var REQUEST_URI is refused, as the HTTP listener refuses it: '" + uri
                        + "' (" + violation.getDescription() + ")");
            }
        }
        String path = parsed.getDecodedPath();
        return path == null || path.isEmpty() ? "/" : Vars.latin1(path);
    }
}
