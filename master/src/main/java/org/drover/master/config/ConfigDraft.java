package org.drover.master.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configuration while settings are applied to it one by one, later ones winning, so that each
 * value is checked where it was given.
 */
final class ConfigDraft {

    private ServerConfig.HostPort http;
    private ServerConfig.HostPort httpSocket;
    private HttpsListener https;
    private String socket;
    private Integer chmodSocket;
    private Setting chmodSetting;
    private final List<String> trustedProxies = new ArrayList<>();
    private final List<Path> apps = new ArrayList<>();
    private final List<Path> appDirs = new ArrayList<>();
    private int appDirPoll;
    private String module;
    private final Map<String, String> mounts = new LinkedHashMap<>();
    private int processes;
    private int threads;
    private Setting processesSetting;
    private int cheaper;
    private Setting cheaperSetting;
    private Integer cheaperInitial;
    private Setting cheaperInitialSetting;
    private int cheaperStep;
    private Cheaper.Algorithm cheaperAlgo;
    private int cheaperOverload;
    private int cheaperIdle;
    private int cheaperBusySlots;
    private int busynessMax;
    private int busynessMin;
    private Setting busynessMinSetting;
    private int busynessMultiplier;
    private int busynessPenalty;
    private int busynessBacklogAlert;
    private int busynessBacklogMultiplier;
    private int busynessBacklogStep;
    private int busynessBacklogNonzero;
    private boolean busynessVerbose;
    private int listen;
    private final List<StaticFiles.Mapping> staticMaps = new ArrayList<>();
    private final List<String> staticIndex = new ArrayList<>();
    private final List<Path> staticSafe = new ArrayList<>();
    private final List<StaticFiles.Rule<Long>> staticExpires = new ArrayList<>();
    private final List<StaticFiles.Rule<String>> staticCacheControl = new ArrayList<>();
    private boolean staticGzipAll;
    private long postBuffering;
    private long limitPost;
    private int bufferSize;
    private boolean disableLogging;
    private final Map<String, String> set = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path chdir;
    private final List<String> jvmOpts = new ArrayList<>();
    private final Set<String> notices = new LinkedHashSet<>();
    private int harakiri;
    private int harakiriMercy;
    private boolean harakiriVerbose;
    private int workerReloadMercy;
    private int slowlog;
    private long maxRequests;
    private long maxRequestsDelta;
    private long reloadOnRss;
    private int reloadOnHeap;
    private int minWorkerLifetime;
    private final List<Path> touchReload = new ArrayList<>();
    private int autoreload;
    private int gracefulTimeout;
    private int drainDelay;
    private int workerBootTimeout;
    private String logFormat;
    private int logSlow;
    private boolean log4xx;
    private boolean log5xx;
    private String stats;
    private String ctlSocket;
    private ServerConfig.HostPort statsHttp;
    private ServerConfig.HostPort metrics;
    private Path pidfile;
    private String uid;
    private String gid;
    private Path logto;
    private Path masterFifo;
    private boolean cds;
    private Path cdsDir;

    /** A draft holding the default of every option that has one. */
    ConfigDraft() {
        for (Option option : Option.values()) {
            option.defaultValue().ifPresent(value -> apply(Setting.byDefault(option, value)));
        }
    }

    void apply(Setting setting) {
        switch (setting.option()) {
            case HTTP -> http = setting.asHostPort();
            case HTTP_SOCKET -> httpSocket = setting.asHostPort();
            case HTTPS -> https = setting.asHttps();
            case SOCKET -> socket = setting.asSocketAddress();
            case CHMOD_SOCKET -> {
                chmodSocket = setting.asFileMode();
                chmodSetting = setting;
            }
            case TRUSTED_PROXIES -> trustedProxies.addAll(setting.asAddresses());
            case APP -> apps.add(setting.asApp());
            case APP_DIR -> {
                Path dir = setting.asDirectory();
                if (!appDirs.contains(dir)) {
                    appDirs.add(dir); // given twice (ini and command line, say) is one directory
                }
            }
            case APP_DIR_POLL -> appDirPoll = setting.asInt(1, 3600);
            case MODULE -> module = setting.asClassName();
            case MOUNT -> put(mounts, setting.asMount());
            // worker indexes and slot ids travel as u16 on the wire
            case PROCESSES -> {
                processes = setting.asInt(1, 65535);
                processesSetting = setting;
            }
            case CHEAPER -> {
                cheaper = setting.asInt(0, 65535);
                cheaperSetting = setting;
            }
            case CHEAPER_INITIAL -> {
                cheaperInitial = setting.asInt(1, 65535);
                cheaperInitialSetting = setting;
            }
            case CHEAPER_STEP -> cheaperStep = setting.asInt(1, 65535);
            case CHEAPER_ALGO -> cheaperAlgo = setting.asCheaperAlgorithm();
            case CHEAPER_OVERLOAD -> cheaperOverload = setting.asInt(1, 3600);
            case CHEAPER_IDLE -> cheaperIdle = setting.asInt(1, 86400);
            case CHEAPER_BUSY_SLOTS -> cheaperBusySlots = setting.asInt(1, 100);
            case CHEAPER_BUSYNESS_MAX -> busynessMax = setting.asInt(1, 100);
            case CHEAPER_BUSYNESS_MIN -> {
                busynessMin = setting.asInt(0, 99);
                busynessMinSetting = setting;
            }
            case CHEAPER_BUSYNESS_MULTIPLIER -> busynessMultiplier = setting.asInt(1, 1000);
            case CHEAPER_BUSYNESS_PENALTY -> busynessPenalty = setting.asInt(0, 1000);
            case CHEAPER_BUSYNESS_BACKLOG_ALERT -> busynessBacklogAlert = setting.asInt(1);
            case CHEAPER_BUSYNESS_BACKLOG_MULTIPLIER -> busynessBacklogMultiplier = setting.asInt(1, 1000);
            case CHEAPER_BUSYNESS_BACKLOG_STEP -> busynessBacklogStep = setting.asInt(1, 65535);
            case CHEAPER_BUSYNESS_BACKLOG_NONZERO -> busynessBacklogNonzero = setting.asInt(1, 86400);
            case CHEAPER_BUSYNESS_VERBOSE -> busynessVerbose = setting.asBoolean();
            case THREADS -> threads = setting.asInt(1, 65535);
            case LISTEN -> listen = setting.asInt(0);
            case STATIC_MAP -> staticMaps.add(setting.asStaticMap());
            case STATIC_INDEX -> {
                String name = setting.asNonEmpty();
                if (name.contains("/")) {
                    throw setting.problem("a file name, not a path: " + name);
                }
                staticIndex.add(name);
            }
            case STATIC_SAFE -> staticSafe.add(realPath(setting, setting.asDirectory()));
            case STATIC_EXPIRES -> {
                String[] parts = setting.asPatternAndValue("REGEXP SECONDS");
                long seconds;
                try {
                    seconds = Long.parseLong(parts[1].strip());
                } catch (NumberFormatException e) {
                    throw setting.problem("SECONDS must be a whole number, got '" + parts[1] + "'");
                }
                staticExpires.add(new StaticFiles.Rule<>(Pattern.compile(parts[0]), seconds));
            }
            case STATIC_CACHE_CONTROL -> {
                String[] parts = setting.asPatternAndValue("REGEXP VALUE");
                staticCacheControl.add(new StaticFiles.Rule<>(Pattern.compile(parts[0]), parts[1].strip()));
            }
            case STATIC_GZIP_ALL -> staticGzipAll = setting.asBoolean();
            case POST_BUFFERING -> postBuffering = setting.asSize(0, 1024L * 1024 * 1024); // held in one array
            case LIMIT_POST -> limitPost = setting.asSize(0, Long.MAX_VALUE);
            case BUFFER_SIZE -> bufferSize = (int) setting.asSize(1024, 1024 * 1024);
            case DISABLE_LOGGING -> disableLogging = setting.asBoolean();
            case SET -> put(set, setting.asNameValue());
            case ENV -> put(env, setting.asNameValue());
            case CHDIR -> chdir = setting.asDirectory();
            case JVM_OPT -> jvmOpts.add(setting.asNonEmpty());
            case CDS -> cds = setting.asBoolean();
            case CDS_DIR -> cdsDir = setting.asAbsolutePath(); // made at the start if missing
            case INI -> {} // read before all other settings, by ConfigLoader
            case LOG_FORMAT -> logFormat = setting.asLogFormat();
            case LOG_SLOW -> logSlow = setting.asInt(0);
            case LOG_4XX -> log4xx = setting.asBoolean();
            case LOG_5XX -> log5xx = setting.asBoolean();
            case STATS -> stats = setting.asSocketAddress();
            case CTL_SOCKET -> ctlSocket = setting.asSocketAddress();
            case STATS_HTTP -> statsHttp = setting.asHostPort();
            case METRICS -> metrics = setting.asHostPort();
            case HARAKIRI -> harakiri = setting.asInt(0);
            case HARAKIRI_MERCY -> harakiriMercy = setting.asInt(0);
            case HARAKIRI_VERBOSE -> harakiriVerbose = setting.asBoolean();
            case WORKER_RELOAD_MERCY -> workerReloadMercy = setting.asInt(0);
            case SLOWLOG -> slowlog = setting.asInt(0);
            case MAX_REQUESTS -> maxRequests = setting.asInt(0);
            case MAX_REQUESTS_DELTA -> maxRequestsDelta = setting.asInt(0);
            case RELOAD_ON_RSS -> reloadOnRss = setting.asInt(0);
            case RELOAD_ON_HEAP -> reloadOnHeap = setting.asInt(0, 100);
            case MIN_WORKER_LIFETIME -> minWorkerLifetime = setting.asInt(0);
            case TOUCH_RELOAD -> touchReload.add(setting.asFilePath());
            case AUTORELOAD -> autoreload = setting.asInt(0);
            case GRACEFUL_TIMEOUT -> gracefulTimeout = setting.asInt(0);
            case DRAIN_DELAY -> drainDelay = setting.asInt(0);
            case WORKER_BOOT_TIMEOUT -> workerBootTimeout = setting.asInt(1);
            case PIDFILE -> pidfile = setting.asFilePath();
            case UID -> uid = setting.value().isBlank() ? null : setting.value().strip();
            case GID -> gid = setting.value().isBlank() ? null : setting.value().strip();
            case LOGTO -> logto = setting.asFilePath();
            case MASTER_FIFO -> masterFifo = setting.asFilePath();
            case ENABLE_THREADS -> notice(setting, "a JVM always has threads, nothing to change");
            case MASTER -> notice(setting, "the master is always on, nothing to change");
        }
    }

    /** Cheaper mode, checked against processes: uWSGI's rules, but an error where uWSGI warns. */
    private Cheaper cheaper() {
        if (cheaper > 0 && cheaper >= processes) {
            throw cheaperSetting.problem("must be lower than processes (" + processes + ", " + processesSetting.origin()
                    + "), got " + cheaper);
        }
        if (cheaper > 0 && cheaperInitial != null && (cheaperInitial < cheaper || cheaperInitial > processes)) {
            throw cheaperInitialSetting.problem(
                    "must be from cheaper (" + cheaper + ") to processes (" + processes + "), got " + cheaperInitial);
        }
        if (busynessMin >= busynessMax) {
            throw busynessMinSetting.problem(
                    "must be lower than cheaper-busyness-max (" + busynessMax + "), got " + busynessMin);
        }
        return new Cheaper(
                cheaper,
                cheaper == 0 ? processes : cheaperInitial == null ? cheaper : cheaperInitial,
                cheaperStep,
                cheaperAlgo,
                cheaperOverload,
                cheaperIdle,
                cheaperBusySlots,
                new Cheaper.Busyness(
                        busynessMax,
                        busynessMin,
                        busynessMultiplier,
                        busynessPenalty,
                        busynessBacklogAlert,
                        busynessBacklogMultiplier,
                        busynessBacklogStep,
                        busynessBacklogNonzero,
                        busynessVerbose));
    }

    private static Path realPath(Setting setting, Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw setting.problem("cannot resolve " + path + ": " + e.getMessage());
        }
    }

    private static void put(Map<String, String> map, Map.Entry<String, String> entry) {
        map.put(entry.getKey(), entry.getValue());
    }

    private void notice(Setting setting, String reason) {
        setting.asBoolean();
        notices.add(setting.option().key() + ": accepted; " + reason);
    }

    /** The lines to tell the operator about options accepted but without effect, once each. */
    List<String> notices() {
        return List.copyOf(notices);
    }

    /**
     * The finished configuration, once an application and a listener were given.
     *
     * @param cacheDir the cache directory of the user, where {@code cds-dir} is by default
     */
    ServerConfig toConfig(Optional<Path> ini, Optional<Path> cacheDir) {
        if (apps.isEmpty() && appDirs.isEmpty()) {
            throw new ConfigException(
                    "no application: give --app FILE (a .jar, .war or webapp directory) or --app-dir DIR");
        }
        if (http == null && httpSocket == null && https == null && socket == null) {
            throw new ConfigException(
                    "no listener: give --http [HOST]:PORT, --https [HOST]:PORT,CERT,KEY, or --socket ADDR for nginx");
        }
        if (chmodSetting != null && (socket == null || !socket.contains("/"))) {
            throw chmodSetting.problem(
                    "applies to a UNIX socket path, but socket is " + (socket == null ? "not given" : socket));
        }
        Cheaper cheaperMode = cheaper();
        return new ServerConfig(
                Optional.ofNullable(http),
                Optional.ofNullable(httpSocket),
                Optional.ofNullable(https),
                Optional.ofNullable(socket),
                Optional.ofNullable(chmodSocket),
                trustedProxies,
                apps,
                appDirs,
                appDirPoll,
                Optional.ofNullable(module),
                mounts,
                processes,
                threads,
                cheaperMode,
                new StaticFiles(staticMaps, staticIndex, staticSafe, staticExpires, staticCacheControl, staticGzipAll),
                listen,
                postBuffering,
                limitPost,
                bufferSize,
                disableLogging,
                set,
                env,
                Optional.ofNullable(chdir),
                jvmOpts,
                ini,
                Optional.ofNullable(stats),
                Optional.ofNullable(ctlSocket),
                Optional.ofNullable(statsHttp),
                Optional.ofNullable(metrics),
                new ServerConfig.Logging(Optional.ofNullable(logFormat), logSlow, log4xx, log5xx),
                new Lifecycle(
                        harakiri,
                        harakiriMercy,
                        harakiriVerbose,
                        workerReloadMercy,
                        slowlog,
                        maxRequests,
                        maxRequestsDelta,
                        reloadOnRss,
                        reloadOnHeap,
                        minWorkerLifetime,
                        touchReload,
                        autoreload,
                        gracefulTimeout,
                        drainDelay,
                        workerBootTimeout,
                        Optional.ofNullable(pidfile),
                        Optional.ofNullable(logto),
                        Optional.ofNullable(masterFifo),
                        Optional.ofNullable(uid),
                        Optional.ofNullable(gid)),
                // The default cache is the starting user's: one that uid drops to cannot write it.
                cds && (cdsDir != null || uid == null)
                        ? Optional.ofNullable(cdsDir).or(() -> cacheDir.map(dir -> dir.resolve("drover/cds")))
                        : Optional.empty());
    }
}
