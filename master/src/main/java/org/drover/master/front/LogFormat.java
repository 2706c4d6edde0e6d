package org.drover.master.front;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request log line with uWSGI's {@code %(var)} placeholders, compiled once into literal and
 * variable parts, and applied on the log writer's thread. Without a format, the line is
 * uWSGI-like: {@code [pid: P|worker: W|req: r/R] ADDR () {B bytes of vars} [TIME] METHOD URI
 * => generated S bytes in T msecs (PROTO STATUS) on core C}.
 */
final class LogFormat {

    private static final Pattern VARIABLE = Pattern.compile("%\\(([^)]*)\\)");
    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter LTIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneId.systemDefault());

    /** What one line can show, captured on the request path. */
    record Entry(
            long workerPid,
            int workerIndex,
            long workerRequests,
            long total,
            String addr,
            long epochMillis,
            String method,
            String uri,
            String protocol,
            int status,
            long bytes,
            long nanos,
            int core,
            int varsBytes,
            String referer,
            String userAgent,
            String authorization,
            String app) {}

    private final List<String> literals = new ArrayList<>();
    private final List<String> variables = new ArrayList<>();
    private final boolean uwsgiLine;

    private LogFormat(boolean uwsgiLine) {
        this.uwsgiLine = uwsgiLine;
    }

    /** The default line, uWSGI-like. */
    static LogFormat standard() {
        return new LogFormat(true);
    }

    /** A line of {@code %(var)} placeholders; the config has checked every name. */
    static LogFormat of(String format) {
        LogFormat compiled = new LogFormat(false);
        Matcher matcher = VARIABLE.matcher(format);
        int at = 0;
        while (matcher.find()) {
            compiled.literals.add(format.substring(at, matcher.start()));
            compiled.variables.add(matcher.group(1));
            at = matcher.end();
        }
        compiled.literals.add(format.substring(at));
        return compiled;
    }

    /** Whether lines show the app, which the request path must then find. */
    boolean needsApp() {
        return variables.contains("app");
    }

    /** Whether lines need the request headers the request path must then capture. */
    boolean needsHeaders() {
        return variables.contains("referer") || variables.contains("uagent") || variables.contains("user");
    }

    void format(Entry e, StringBuilder line) {
        if (uwsgiLine) {
            standard(e, line);
        } else {
            for (int i = 0; i < variables.size(); i++) {
                line.append(literals.get(i));
                variable(variables.get(i), e, line);
            }
            line.append(literals.get(variables.size()));
        }
        line.append('\n');
    }

    private static void standard(Entry e, StringBuilder line) {
        line.append("[pid: ")
                .append(e.workerPid())
                .append("|worker: ")
                .append(e.workerIndex())
                .append("|req: ")
                .append(e.workerRequests())
                .append('/')
                .append(e.total())
                .append("] ")
                .append(e.addr())
                .append(" () {")
                .append(e.varsBytes())
                .append(" bytes of vars} [")
                .append(CTIME.format(Instant.ofEpochMilli(e.epochMillis())))
                .append("] ")
                .append(e.method())
                .append(' ')
                .append(e.uri())
                .append(" => generated ")
                .append(e.bytes())
                .append(" bytes in ")
                .append(e.nanos() / 1_000_000)
                .append(" msecs (")
                .append(e.protocol())
                .append(' ')
                .append(e.status())
                .append(")");
        if (e.core() >= 0) {
            line.append(" on core ").append(e.core());
        }
    }

    private static void variable(String name, Entry e, StringBuilder line) {
        switch (name) {
            case "addr" -> line.append(e.addr());
            case "user" -> line.append(user(e.authorization()));
            case "ltime" -> line.append(LTIME.format(Instant.ofEpochMilli(e.epochMillis())));
            case "time" -> line.append(e.epochMillis() / 1000);
            case "method" -> line.append(e.method());
            case "uri" -> line.append(e.uri());
            case "proto" -> line.append(e.protocol());
            case "status" -> line.append(e.status());
            case "size" -> line.append(e.bytes());
            case "referer" -> line.append(e.referer() == null ? "-" : e.referer());
            case "uagent" -> line.append(e.userAgent() == null ? "-" : e.userAgent());
            case "msecs" -> line.append(e.nanos() / 1_000_000);
            case "micros" -> line.append(e.nanos() / 1_000);
            case "pid" -> line.append(e.workerPid());
            case "wid" -> line.append(e.workerIndex());
            case "core" -> line.append(e.core());
            case "app" -> line.append(e.app() == null ? "-" : e.app());
            default -> line.append("%(").append(name).append(')');
        }
    }

    /** The user name of HTTP Basic authentication, or "-". */
    private static String user(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "-";
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()),
                    java.nio.charset.StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0 ? decoded.substring(0, colon) : "-";
        } catch (IllegalArgumentException e) {
            return "-";
        }
    }
}
