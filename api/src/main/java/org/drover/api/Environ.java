package org.drover.api;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The request as an application sees it: the CGI/WSGI variables, the header fields as
 * received, and the body stream.
 *
 * <p>The variables are those of WSGI's {@code environ}: {@code REQUEST_METHOD},
 * {@code REQUEST_URI}, {@code PATH_INFO}, {@code QUERY_STRING}, {@code SCRIPT_NAME},
 * {@code SERVER_NAME}, {@code SERVER_PORT}, {@code SERVER_PROTOCOL}, {@code REMOTE_ADDR},
 * {@code REMOTE_PORT}, {@code REQUEST_SCHEME}, {@code wsgi.url_scheme}, {@code CONTENT_TYPE},
 * {@code CONTENT_LENGTH}, and one {@code HTTP_<NAME>} per request header (upper case, dashes as
 * underscores, repeated headers joined with {@code ", "}, names with an underscore left out).
 * Typed accessors cover the common ones. {@link #headers()} has the same headers with their
 * own names and every value.
 */
public final class Environ {

    private final Map<String, String> vars;
    private final Headers headers;
    private final InputStream input;

    /**
     * Creates an environ whose headers are derived from the variables, as
     * {@link Headers#fromVars} does: what an application's own tests may build.
     *
     * @param vars the variables, copied; an ordered map keeps the headers' order
     * @param input the request body; empty when there is none
     */
    public Environ(Map<String, String> vars, InputStream input) {
        this(vars, Headers.fromVars(vars), input);
    }

    /**
     * Creates an environ with the headers as received; the worker does this.
     *
     * @param vars the variables, copied
     * @param headers the header fields as the client sent them
     * @param input the request body; empty when there is none
     */
    public Environ(Map<String, String> vars, Headers headers, InputStream input) {
        this.vars = Map.copyOf(vars);
        this.headers = Objects.requireNonNull(headers, "headers");
        this.input = input;
    }

    /** All variables, unmodifiable. */
    public Map<String, String> vars() {
        return vars;
    }

    /** The variable with this name, if the request has it. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(vars.get(name));
    }

    /** The request body, streamed as the master forwards it. */
    public InputStream input() {
        return input;
    }

    /** {@code REQUEST_METHOD}, such as {@code GET}. */
    public String method() {
        return vars.getOrDefault("REQUEST_METHOD", "GET");
    }

    /** {@code REQUEST_URI}: the path and query as the client sent them. */
    public String requestUri() {
        return vars.getOrDefault("REQUEST_URI", "/");
    }

    /** {@code PATH_INFO}: the decoded path below {@link #scriptName()}. */
    public String pathInfo() {
        return vars.getOrDefault("PATH_INFO", "");
    }

    /** {@code QUERY_STRING}, without the {@code ?}; empty when there is none. */
    public String queryString() {
        return vars.getOrDefault("QUERY_STRING", "");
    }

    /** {@code SCRIPT_NAME}: the mount point of the application; empty at the root. */
    public String scriptName() {
        return vars.getOrDefault("SCRIPT_NAME", "");
    }

    /** {@code SERVER_NAME}. */
    public String serverName() {
        return vars.getOrDefault("SERVER_NAME", "");
    }

    /** {@code SERVER_PORT}, or 0 when unknown. */
    public int serverPort() {
        return parseInt(vars.get("SERVER_PORT"));
    }

    /** {@code SERVER_PROTOCOL}, such as {@code HTTP/1.1}. */
    public String serverProtocol() {
        return vars.getOrDefault("SERVER_PROTOCOL", "HTTP/1.1");
    }

    /** {@code REMOTE_ADDR}: the client's address. */
    public String remoteAddr() {
        return vars.getOrDefault("REMOTE_ADDR", "");
    }

    /** {@code REMOTE_PORT}, or 0 when unknown. */
    public int remotePort() {
        return parseInt(vars.get("REMOTE_PORT"));
    }

    /**
     * The scheme the client used, lower case: {@code wsgi.url_scheme}, else
     * {@code REQUEST_SCHEME}, else {@code https} if {@code HTTPS} is {@code on}, else
     * {@code http}. Behind a trusted proxy the master has already put the proxy's
     * {@code X-Forwarded-Proto} there.
     */
    public String scheme() {
        String scheme = vars.get("wsgi.url_scheme");
        if (scheme == null || scheme.isEmpty()) {
            scheme = vars.get("REQUEST_SCHEME");
        }
        if (scheme == null || scheme.isEmpty()) {
            return "on".equalsIgnoreCase(vars.get("HTTPS")) ? "https" : "http";
        }
        return scheme.toLowerCase(Locale.ROOT);
    }

    /** Whether the client used {@code https}, as {@link #scheme()} says. */
    public boolean isSecure() {
        return scheme().equals("https");
    }

    /** {@code CONTENT_TYPE}; empty when the request has none. */
    public String contentType() {
        return vars.getOrDefault("CONTENT_TYPE", "");
    }

    /** {@code CONTENT_LENGTH}: the body's length in bytes, 0 when the request has no body. */
    public long contentLength() {
        String value = vars.get("CONTENT_LENGTH");
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    /**
     * The request's header fields as the client sent them: names in their own case, in order,
     * every value of a repeated name ({@code headers().values("Accept")}). For a request that
     * came with vars only (through nginx's {@code uwsgi_pass}) they are derived from the
     * {@code HTTP_*}, {@code CONTENT_TYPE} and {@code CONTENT_LENGTH} variables, see
     * {@link Headers#fromVars}.
     */
    public Headers headers() {
        return headers;
    }

    /**
     * A request header by its HTTP name, such as {@code header("User-Agent")}, read from the
     * {@code HTTP_*} variable (or {@code CONTENT_TYPE}/{@code CONTENT_LENGTH}): a repeated
     * header gives its values joined with {@code ", "} ({@code "; "} for {@code Cookie}), and a
     * name with an underscore gives nothing. {@link #headers()} has each value on its own.
     */
    public Optional<String> header(String name) {
        String key = name.toUpperCase(Locale.ROOT).replace('-', '_');
        if (key.equals("CONTENT_TYPE") || key.equals("CONTENT_LENGTH")) {
            return get(key);
        }
        return get("HTTP_" + key);
    }

    private static int parseInt(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return method() + " " + requestUri();
    }
}
