package org.drover.master.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every option drover accepts, in one table, so that the command line, the environment, the ini
 * file, the help and the reference page all share one definition.
 */
public enum Option {
    HTTP(
            "http",
            Kind.VALUE,
            "[HOST]:PORT",
            null,
            "Serve HTTP on this address; :8000 listens on all interfaces, port 0 picks a free port."),
    HTTPS(
            "https",
            Kind.VALUE,
            "[HOST]:PORT,CERT,KEY[,CIPHERS[,CLIENT_CA]]",
            null,
            "Serve HTTPS (TLS 1.2 and 1.3, HTTP/2 by ALPN and HTTP/1.1) with these PEM files; a ! before"
                    + " CLIENT_CA requires a client certificate."),
    HTTP_SOCKET(
            "http-socket",
            Kind.VALUE,
            "[HOST]:PORT",
            null,
            "A second HTTP listener (uWSGI's name); the master serves it too, not the workers."),
    SOCKET(
            "socket",
            Kind.VALUE,
            "ADDR",
            null,
            "Speak the uwsgi protocol, for nginx's uwsgi_pass, on [HOST]:PORT or a UNIX socket path.",
            "uwsgi-socket",
            "-s"),
    CHMOD_SOCKET(
            "chmod-socket",
            Kind.VALUE,
            "MODE",
            null,
            "Octal mode of the socket's UNIX path, such as 660; empty means 666."),
    TRUSTED_PROXIES(
            "trusted-proxies",
            Kind.REPEATED,
            "ADDR",
            null,
            "A proxy address whose X-Forwarded-For and X-Forwarded-Proto are believed; repeatable."),
    APP(
            "app",
            Kind.REPEATED,
            "FILE",
            null,
            "An Application jar, a servlet WAR or a webapp directory to serve; repeatable (the jars share a class"
                    + " loader, each webapp has its own)."),
    APP_DIR(
            "app-dir",
            Kind.REPEATED,
            "DIR",
            null,
            "Serve every jar, WAR and webapp directory in DIR as an app of its own at /NAME (ROOT.war at /), and"
                    + " deploy what is copied in or removed; repeatable."),
    APP_DIR_POLL(
            "app-dir-poll",
            Kind.VALUE,
            "SECONDS",
            "2",
            "How often the app-dir directories are checked for new, changed and removed apps."),
    MODULE("module", Kind.VALUE, "CLASS", null, "The Application class to serve when the jars hold several."),
    MOUNT(
            "mount",
            Kind.REPEATED,
            "/PREFIX=APP",
            null,
            "Serve APP at /PREFIX: an Application class (simple or full name) or an app's name; repeatable."),
    PROCESSES("processes", Kind.VALUE, "N", "1", "Number of worker processes (JVMs).", "workers", "-p"),
    THREADS("threads", Kind.VALUE, "N", "1", "Number of request threads in each worker."),
    CHEAPER(
            "cheaper",
            Kind.VALUE,
            "N",
            "0",
            "Adaptive workers (uWSGI's cheaper mode): keep N workers when idle and up to processes under load; 0"
                    + " for off."),
    CHEAPER_INITIAL(
            "cheaper-initial", Kind.VALUE, "N", null, "Workers to start with in cheaper mode; by default cheaper."),
    CHEAPER_STEP("cheaper-step", Kind.VALUE, "N", "1", "Workers spawned at once when cheaper mode grows."),
    CHEAPER_ALGO(
            "cheaper-algo",
            Kind.VALUE,
            "NAME",
            "headroom",
            "How cheaper mode decides: headroom (Drover's), spare, spare2, backlog, busyness or manual."),
    CHEAPER_OVERLOAD(
            "cheaper-overload",
            Kind.VALUE,
            "N",
            "3",
            "spare: cycles of every worker busy before growing; backlog: queued requests; busyness: seconds"
                    + " measured."),
    CHEAPER_IDLE(
            "cheaper-idle",
            Kind.VALUE,
            "SECONDS",
            "10",
            "headroom and spare2: how long a worker is idle before it is retired."),
    CHEAPER_BUSY_SLOTS(
            "cheaper-busy-slots",
            Kind.VALUE,
            "PERCENT",
            "75",
            "headroom: grow when busy slots and queued requests reach this percent of the slots of the running"
                    + " and booting workers."),
    CHEAPER_BUSYNESS_MAX(
            "cheaper-busyness-max", Kind.VALUE, "PERCENT", "50", "busyness: grow above this average busyness."),
    CHEAPER_BUSYNESS_MIN(
            "cheaper-busyness-min", Kind.VALUE, "PERCENT", "25", "busyness: retire a worker below this one."),
    CHEAPER_BUSYNESS_MULTIPLIER(
            "cheaper-busyness-multiplier",
            Kind.VALUE,
            "N",
            "10",
            "busyness: a worker is retired after cheaper-overload x this many seconds below the minimum."),
    CHEAPER_BUSYNESS_PENALTY(
            "cheaper-busyness-penalty",
            Kind.VALUE,
            "N",
            "2",
            "busyness: added to the multiplier when a worker had to be spawned again soon after a retirement."),
    CHEAPER_BUSYNESS_BACKLOG_ALERT(
            "cheaper-busyness-backlog-alert",
            Kind.VALUE,
            "N",
            "33",
            "busyness: spawn emergency workers when more requests than this are queued."),
    CHEAPER_BUSYNESS_BACKLOG_MULTIPLIER(
            "cheaper-busyness-backlog-multiplier",
            Kind.VALUE,
            "N",
            "3",
            "busyness: the multiplier while emergency workers run."),
    CHEAPER_BUSYNESS_BACKLOG_STEP(
            "cheaper-busyness-backlog-step", Kind.VALUE, "N", "1", "busyness: emergency workers spawned at once."),
    CHEAPER_BUSYNESS_BACKLOG_NONZERO(
            "cheaper-busyness-backlog-nonzero",
            Kind.VALUE,
            "SECONDS",
            "60",
            "busyness: spawn emergency workers when requests have been queued this long without a break."),
    CHEAPER_BUSYNESS_VERBOSE(
            "cheaper-busyness-verbose",
            Kind.FLAG,
            "BOOL",
            "false",
            "busyness: log the busyness measured every cheaper-overload seconds."),
    LISTEN("listen", Kind.VALUE, "N", "100", "Length of the queue of requests waiting for a free worker thread."),
    STATIC_MAP(
            "static-map",
            Kind.REPEATED,
            "/PREFIX=DIR",
            null,
            "Serve the files of DIR (or the file DIR) at /PREFIX from the master, on every listener; repeatable,"
                    + " tried in order."),
    STATIC_INDEX(
            "static-index",
            Kind.REPEATED,
            "FILE",
            null,
            "For a static-map directory, serve this file in it (index.html, say); repeatable; never a listing."),
    STATIC_SAFE(
            "static-safe",
            Kind.REPEATED,
            "DIR",
            null,
            "A directory a static-map file may resolve into through a symlink; repeatable."),
    STATIC_EXPIRES(
            "static-expires",
            Kind.REPEATED,
            "REGEXP SECONDS",
            null,
            "An Expires header SECONDS ahead for a static file whose resolved name matches REGEXP; repeatable."),
    STATIC_CACHE_CONTROL(
            "static-cache-control",
            Kind.REPEATED,
            "REGEXP VALUE",
            null,
            "A Cache-Control header for a static file whose resolved name matches REGEXP; repeatable, first wins."),
    STATIC_GZIP_ALL(
            "static-gzip-all",
            Kind.FLAG,
            "BOOL",
            "true",
            "Serve FILE.br or FILE.gz, when there is one, to a client that accepts it."),
    POST_BUFFERING(
            "post-buffering",
            Kind.VALUE,
            "SIZE",
            "64k",
            "Request body bytes kept in memory before the rest is spooled to a temporary file."),
    LIMIT_POST("limit-post", Kind.VALUE, "SIZE", "0", "Largest request body accepted, 0 for unlimited."),
    BUFFER_SIZE(
            "buffer-size",
            Kind.VALUE,
            "SIZE",
            "8k",
            "Largest request header accepted, from 1k to 1m; larger headers get 431."),
    DISABLE_LOGGING("disable-logging", Kind.FLAG, "BOOL", "false", "Do not log a line for each request."),
    SET(
            "set",
            Kind.REPEATED,
            "NAME=VALUE",
            null,
            "A value for the applications to read; repeatable, the last one given for a name wins."),
    ENV(
            "env",
            Kind.REPEATED,
            "NAME=VALUE",
            null,
            "An environment variable for the workers; repeatable, the last one given for a name wins."),
    CHDIR("chdir", Kind.VALUE, "DIR", null, "Working directory of the workers; without it they keep the master's."),
    JVM_OPT(
            "jvm-opt",
            Kind.REPEATED,
            "OPT",
            null,
            "A JVM option for the workers, after the defaults (so it wins); repeatable; a -XX:+Use...GC replaces the default Serial GC."),
    CDS(
            "cds",
            Kind.VALUE,
            "on|off",
            "on",
            "Class data sharing for the workers: the first worker records an archive of the classes it loads, and"
                    + " later workers map it and start faster."),
    CDS_DIR(
            "cds-dir",
            Kind.VALUE,
            "DIR",
            null,
            "Where the class data sharing archives are kept; by default, drover/cds in the user's cache"
                    + " directory: XDG_CACHE_HOME, or .cache in HOME."),
    INI("ini", Kind.VALUE, "FILE.ini", null, "Read options from the [drover] section of this ini file."),
    LOG_FORMAT(
            "log-format",
            Kind.VALUE,
            "FORMAT",
            null,
            "The request log line, with uWSGI's %(var) placeholders; see docs/options.md for the variables.",
            "logformat"),
    LOG_SLOW(
            "log-slow",
            Kind.VALUE,
            "MS",
            "0",
            "Log requests slower than this many ms even with disable-logging; 0 for none."),
    LOG_4XX("log-4xx", Kind.FLAG, "BOOL", "false", "Log requests answered 4xx even with disable-logging."),
    LOG_5XX("log-5xx", Kind.FLAG, "BOOL", "false", "Log requests answered 5xx even with disable-logging."),
    STATS(
            "stats",
            Kind.VALUE,
            "ADDR",
            null,
            "Serve the stats as JSON on HOST:PORT or a UNIX socket path: one document per connection."),
    CTL_SOCKET(
            "ctl-socket",
            Kind.VALUE,
            "ADDR",
            null,
            "Take drover ctl commands on HOST:PORT or a UNIX socket path (made 0600)."),
    STATS_HTTP("stats-http", Kind.VALUE, "[HOST]:PORT", null, "Serve the same stats JSON over HTTP."),
    METRICS(
            "metrics",
            Kind.VALUE,
            "[HOST]:PORT",
            null,
            "Serve Prometheus metrics of the whole instance over HTTP on this address."),
    HARAKIRI(
            "harakiri",
            Kind.VALUE,
            "SECONDS",
            "0",
            "Kill a request running longer: 504 to the client, its stack logged, its thread interrupted; 0 for none."),
    HARAKIRI_MERCY(
            "harakiri-mercy",
            Kind.VALUE,
            "SECONDS",
            "5",
            "Time an interrupted request thread has to return before its worker is replaced."),
    HARAKIRI_VERBOSE(
            "harakiri-verbose", Kind.FLAG, "BOOL", "false", "On harakiri, log the stacks of all the worker's threads."),
    WORKER_RELOAD_MERCY(
            "worker-reload-mercy",
            Kind.VALUE,
            "SECONDS",
            "60",
            "Time a retiring worker has to finish its requests before it is killed."),
    SLOWLOG("slowlog", Kind.VALUE, "SECONDS", "0", "Log the stack of a request running longer, once; 0 for none."),
    MAX_REQUESTS("max-requests", Kind.VALUE, "N", "0", "Recycle a worker after this many requests; 0 for never."),
    MAX_REQUESTS_DELTA(
            "max-requests-delta",
            Kind.VALUE,
            "N",
            "0",
            "Add index x N to each worker's max-requests, so they do not recycle together."),
    RELOAD_ON_RSS(
            "reload-on-rss",
            Kind.VALUE,
            "MB",
            "0",
            "Recycle a worker whose resident memory passes this many MB; 0 for never."),
    RELOAD_ON_HEAP(
            "reload-on-heap",
            Kind.VALUE,
            "PERCENT",
            "0",
            "Recycle a worker that still uses this percent of its max heap after a full GC; 0 for never."),
    MIN_WORKER_LIFETIME(
            "min-worker-lifetime", Kind.VALUE, "SECONDS", "10", "Never recycle a worker younger than this."),
    TOUCH_RELOAD(
            "touch-reload", Kind.REPEATED, "FILE", null, "Reload (rolling) when this file is modified; repeatable."),
    AUTORELOAD(
            "autoreload",
            Kind.VALUE,
            "SECONDS",
            "0",
            "Check the app jars this often and reload (rolling) when one changed; 0 for never.",
            "py-autoreload"),
    GRACEFUL_TIMEOUT(
            "graceful-timeout",
            Kind.VALUE,
            "SECONDS",
            "30",
            "On SIGTERM/SIGINT, time to finish the requests in flight before the workers are stopped."),
    DRAIN_DELAY(
            "drain-delay",
            Kind.VALUE,
            "SECONDS",
            "0",
            "On SIGTERM/SIGINT, go on serving this long with /readyz answering 503, so that load balancers"
                    + " stop sending traffic, before the graceful stop begins."),
    WORKER_BOOT_TIMEOUT(
            "worker-boot-timeout",
            Kind.VALUE,
            "SECONDS",
            "60",
            "Kill and respawn a worker that is not ready this long after its spawn."),
    UID(
            "uid",
            Kind.VALUE,
            "USER",
            null,
            "Once the listeners are bound, the master (and so every worker) runs as this user, a name or a"
                    + " number, for good; gid defaults to the user's group."),
    GID("gid", Kind.VALUE, "GROUP", null, "The group the master and the workers run as, a name or a number."),
    PIDFILE("pidfile", Kind.VALUE, "FILE", null, "Write the master's pid to this file, removed at exit."),
    LOGTO(
            "logto",
            Kind.VALUE,
            "FILE",
            null,
            "Append the master's and the workers' output to this file instead of the console."),
    MASTER_FIFO(
            "master-fifo",
            Kind.VALUE,
            "FILE",
            null,
            "A named pipe (created if missing) the master reads uWSGI's one-letter commands from."),
    ENABLE_THREADS(
            "enable-threads", Kind.FLAG, "BOOL", null, "Accepted for uWSGI compatibility; a JVM always has threads."),
    MASTER("master", Kind.FLAG, "BOOL", null, "Accepted for uWSGI compatibility; the master is always on.");

    /** How an option takes its value. */
    private enum Kind {
        VALUE,
        REPEATED,
        FLAG
    }

    private final String key;
    private final Kind kind;
    private final String label;
    private final String defaultValue;
    private final String description;
    private final List<String> aliases;

    Option(String key, Kind kind, String label, String defaultValue, String description, String... aliases) {
        this.key = key;
        this.kind = kind;
        this.label = label;
        this.defaultValue = defaultValue;
        this.description = description;
        this.aliases = List.of(aliases);
    }

    /** The option's name in the ini file, such as {@code post-buffering}. */
    public String key() {
        return key;
    }

    /** The command line names: {@code --key} first, then the aliases, such as {@code --workers} and {@code -p}. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add("--" + key);
        for (String alias : aliases) {
            names.add(alias.startsWith("-") ? alias : "--" + alias);
        }
        return List.copyOf(names);
    }

    /** The command line aliases only, such as {@code --workers} and {@code -p}. */
    public List<String> aliasNames() {
        List<String> names = names();
        return names.subList(1, names.size());
    }

    /** The placeholder for the value in the help, such as {@code N} or {@code SIZE}. */
    public String label() {
        return label;
    }

    /** Whether the option is a boolean that may be given without a value. */
    public boolean flag() {
        return kind == Kind.FLAG;
    }

    /** The value in effect when the option is not given, if there is one. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The default as shown to people: the value, or {@code false} for flags, or {@code none}. */
    public String defaultText() {
        return defaultValue().orElse(flag() ? "false" : "none");
    }

    /** One sentence saying what the option does. */
    public String description() {
        return description;
    }

    /** The environment variable that sets the option, such as {@code DROVER_POST_BUFFERING}. */
    public String envName() {
        return "DROVER_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The option with this ini name, which is its key or one of its long aliases. */
    public static Optional<Option> named(String name) {
        for (Option option : values()) {
            if (option.key.equals(name) || option.aliases.contains(name)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }
}
