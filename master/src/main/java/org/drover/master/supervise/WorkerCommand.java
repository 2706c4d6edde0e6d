package org.drover.master.supervise;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.drover.master.apps.AppSnapshot;
import org.drover.master.config.ServerConfig;
import org.drover.wire.MountTable;

/** Builds and starts a worker JVM: {@code java [jvm options] -cp ... org.drover.worker.WorkerMain ...}. */
public final class WorkerCommand {

    /**
     * Sized for several JVMs on one box (a default G1 worker grows to ~300 MB RSS on a 24 GiB
     * machine; these keep a hello worker near 60-100 MB), plus safepoints in counted loops so a
     * stack dump of a spinning request thread does not stall the worker.
     */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "-Xss512k",
            "-XX:+UseCountedLoopSafepoints",
            "-XX:LoopStripMiningIter=1000",
            "-Dsun.stdout.encoding=UTF-8",
            "-Dsun.stderr.encoding=UTF-8",
            "-Dstdout.encoding=UTF-8",
            "-Dstderr.encoding=UTF-8");

    /**
     * The heap of a worker that serves a webapp, instead of {@code -Xmx64m}: the servlet
     * container and a framework such as Spring Boot need several times a plain app's.
     */
    static final String WEBAPP_HEAP = "-Xmx256m";

    /**
     * Density options of a worker with no webapp (a webapp's worker keeps the defaults its
     * framework was measured with). A young generation of an eighth of the heap (8 of 64 MB,
     * and in proportion to an operator's {@code -Xmx}) keeps what a request's garbage touches
     * small; a hello worker after load: 76-78 MB RSS with it, 86-88 without.
     */
    static final List<String> SPI_JVM_OPTIONS = List.of("-XX:NewRatio=7");

    /**
     * Gives the C2 compiler's freed arenas back to the OS every 5 s, which glibc otherwise keeps,
     * in every worker: with it, a hello worker after load is at 61 MB RSS / 46-47 MB PSS, and a
     * Spring Boot WAR's at 221-225 MB instead of 246-258. Recent JDKs have the flag
     * (17.0.15 and 25 here), older ones refuse to start with it, so it is only given when this JVM,
     * whose {@code java} the workers run, knows it.
     */
    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

    private static final Pattern COLLECTOR = Pattern.compile("-XX:\\+Use\\w+GC");

    private final ServerConfig config;
    private final java.util.Optional<Path> logto;
    private final Path socket;
    private final String secret;
    private final String java;
    private final WorkerClassPath classPath;

    public WorkerCommand(ServerConfig config, Path socket, String secret) {
        this.config = config;
        this.logto = config.lifecycle().logto();
        this.socket = socket;
        this.secret = secret;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.classPath = WorkerClassPath.of(System.getProperty("java.class.path"));
    }

    /** The command, with Drover's own options for this worker (class data sharing) before the operator's JVM options. */
    List<String> command(int index, AppSnapshot apps, List<String> own) {
        List<String> command = new ArrayList<>();
        command.add(java);
        // Later options win in the JVM, so the operator's override the defaults; a GC of their
        // choice replaces the default one, since the JVM refuses two.
        boolean ownCollector =
                config.jvmOpts().stream().anyMatch(opt -> COLLECTOR.matcher(opt).matches());
        boolean webapps = apps.mounts().mounts().stream().anyMatch(m -> m.kind() == MountTable.Kind.WEBAPP);
        for (String option : DEFAULT_JVM_OPTIONS) {
            if (!(ownCollector && COLLECTOR.matcher(option).matches())) {
                command.add(webapps && option.startsWith("-Xmx") ? WEBAPP_HEAP : option);
            }
        }
        if (!webapps) {
            command.addAll(SPI_JVM_OPTIONS);
        }
        if (TRIMS_NATIVE_HEAP) {
            command.add(TRIM_NATIVE_HEAP);
        }
        command.addAll(own);
        command.addAll(config.jvmOpts());
        command.add("-cp");
        command.add(classPath.argument());
        command.add("org.drover.worker.WorkerMain");
        command.add("--socket");
        command.add(socket.toString());
        command.add("--index");
        command.add(Integer.toString(index));
        command.add("--threads");
        command.add(Integer.toString(config.threads()));
        command.addAll(apps.mounts().toArgs()); // the worker obeys the master's mount table
        config.set().forEach((name, value) -> {
            command.add("--set");
            command.add(name + "=" + value);
        });
        return command;
    }

    static final boolean TRIMS_NATIVE_HEAP = knowsOption("TrimNativeHeapInterval");

    /** Whether this JVM (the workers run its {@code java}) has the {@code -XX} option. */
    static boolean knowsOption(String name) {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name);
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Every jar the workers' JVM searches, in order, whose archive depends on them. */
    String classPath() {
        return String.join(File.pathSeparator, classPath.entries());
    }

    Process start(int index, AppSnapshot apps, List<String> own) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(index, apps, own)).inheritIO();
        logto.ifPresent(file -> builder.redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(file.toFile())));
        // systemd's variables are the master's: a worker that notified would confuse it.
        builder.environment().keySet().removeAll(List.of("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"));
        builder.environment().putAll(config.env());
        builder.environment().put("DROVER_SECRET", secret);
        config.chdir().ifPresent(dir -> builder.directory(dir.toFile()));
        return builder.start();
    }
}
