package org.drover.master.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated configuration of one drover server, merged from the ini file, the environment and
 * the command line; see {@link Option} for what each component means. {@code cdsDir} is where the
 * workers' class data sharing archives are kept, empty when {@code cds} is off or the user has no
 * cache directory.
 */
public record ServerConfig(
        Optional<HostPort> http,
        Optional<HostPort> httpSocket,
        Optional<HttpsListener> https,
        Optional<String> socket,
        Optional<Integer> chmodSocket,
        List<String> trustedProxies,
        List<Path> apps,
        List<Path> appDirs,
        int appDirPoll,
        Optional<String> module,
        Map<String, String> mounts,
        int processes,
        int threads,
        Cheaper cheaper,
        StaticFiles staticFiles,
        int listen,
        long postBuffering,
        long limitPost,
        int bufferSize,
        boolean disableLogging,
        Map<String, String> set,
        Map<String, String> env,
        Optional<Path> chdir,
        List<String> jvmOpts,
        Optional<Path> ini,
        Optional<String> stats,
        Optional<String> ctlSocket,
        Optional<HostPort> statsHttp,
        Optional<HostPort> metrics,
        Logging logging,
        Lifecycle lifecycle,
        Optional<Path> cdsDir) {

    /** Copies the collections, keeping the order of the maps. */
    public ServerConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(chdir, "chdir");
        Objects.requireNonNull(ini, "ini");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(ctlSocket, "ctlSocket");
        Objects.requireNonNull(statsHttp, "statsHttp");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(cdsDir, "cdsDir");
        Objects.requireNonNull(cheaper, "cheaper");
        Objects.requireNonNull(staticFiles, "staticFiles");
        apps = List.copyOf(apps);
        appDirs = List.copyOf(appDirs);
        Objects.requireNonNull(httpSocket, "httpSocket");
        Objects.requireNonNull(https, "https");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(chmodSocket, "chmodSocket");
        trustedProxies = List.copyOf(trustedProxies);
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        mounts = Collections.unmodifiableMap(new LinkedHashMap<>(mounts));
        jvmOpts = List.copyOf(jvmOpts);
    }

    /**
     * The request log's shape and filters.
     *
     * @param format the line with {@code %(var)} placeholders, or empty for the default line
     * @param slowMillis log requests at least this slow even when logging is disabled; 0 for none
     * @param log4xx log 4xx answers even when logging is disabled
     * @param log5xx log 5xx answers even when logging is disabled
     */
    public record Logging(Optional<String> format, int slowMillis, boolean log4xx, boolean log5xx) {

        /** The variables {@code log-format} knows. */
        public static final java.util.Set<String> VARIABLES = java.util.Set.of(
                "addr", "user", "ltime", "time", "method", "uri", "proto", "status", "size", "referer", "uagent",
                "msecs", "micros", "pid", "wid", "core", "app");
    }

    /** An address to listen on; host {@code 0.0.0.0} means all interfaces, port 0 an ephemeral port. */
    public record HostPort(String host, int port) {

        /** Checks the port range. */
        public HostPort {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
        }

        /** {@code host:port}, with an IPv6 host in brackets. */
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
