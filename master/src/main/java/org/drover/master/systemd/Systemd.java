package org.drover.master.systemd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.drover.master.log.Console;
import org.drover.master.supervise.ServiceManager;
import org.drover.master.supervise.ServiceState;

/**
 * Tells systemd where the server is ({@code Type=notify}, and {@code Type=notify-reload} where
 * systemd has it): {@code READY=1} once every first worker is ready, {@code RELOADING=1} with
 * {@code MONOTONIC_USEC} when a reload starts and {@code READY=1} when it ends, {@code
 * STOPPING=1} when a stop begins, {@code EXTEND_TIMEOUT_USEC} while it starts or stops, {@code
 * STATUS=} lines, and {@code WATCHDOG=1} every half {@code WATCHDOG_USEC}. Everything is sent
 * from the supervisor's loop, so a loop that wedges starves the watchdog and systemd restarts
 * the service.
 */
public final class Systemd implements ServiceManager {

    /** While starting or stopping, the timeout is extended this often, by {@link #EXTENSION_MICROS}. */
    private static final long EXTEND_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final long EXTENSION_MICROS = TimeUnit.SECONDS.toMicros(15);
    private static final long STATUS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final NotifySocket socket;
    private final long watchdogNanos;
    private final LongSupplier requests;
    private final Console console;

    private ServiceState.Phase phase = ServiceState.Phase.STARTING;
    private long lastExtend;
    private long lastPing;
    private long lastStatus;
    private String status;
    private boolean failing;

    private Systemd(NotifySocket socket, long watchdogNanos, LongSupplier requests, Console console) {
        this.socket = socket;
        this.watchdogNanos = watchdogNanos;
        this.requests = requests;
        this.console = console;
        long now = System.nanoTime();
        lastExtend = now - EXTEND_EVERY_NANOS;
        lastPing = now;
    }

    /**
     * The service manager the environment names: systemd if {@code NOTIFY_SOCKET} is set, else
     * {@link ServiceManager#NONE}. A watchdog is fed if {@code WATCHDOG_USEC} is set and {@code
     * WATCHDOG_PID} is absent or names this process.
     *
     * @param requests the requests answered so far, for the status line
     */
    public static ServiceManager fromEnvironment(
            Map<String, String> env, long pid, LongSupplier requests, Console console) {
        String name = env.get("NOTIFY_SOCKET");
        if (name == null || name.isEmpty()) {
            return NONE;
        }
        NotifySocket socket;
        try {
            socket = NotifySocket.open(name);
        } catch (IOException | IllegalArgumentException | LinkageError e) {
            console.log("drover: not notifying systemd: " + e.getMessage());
            return NONE;
        }
        long watchdogNanos = 0;
        String watchdogPid = env.get("WATCHDOG_PID");
        if (env.containsKey("WATCHDOG_USEC") && (watchdogPid == null || watchdogPid.equals(Long.toString(pid)))) {
            try {
                watchdogNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(env.get("WATCHDOG_USEC")));
            } catch (NumberFormatException e) {
                console.log("drover: WATCHDOG_USEC '" + env.get("WATCHDOG_USEC") + "' is not a number; no watchdog");
            }
        }
        return new Systemd(socket, watchdogNanos, requests, console);
    }

    @Override
    public void turned(long now, ServiceState state) {
        List<String> lines = new ArrayList<>();
        if (state.phase() != phase) {
            switch (state.phase()) {
                case READY -> lines.add("READY=1");
                case RELOADING -> {
                    lines.add("RELOADING=1");
                    lines.add("MONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(now)); // CLOCK_MONOTONIC on Linux
                }
                case STOPPING -> {
                    lines.add("STOPPING=1");
                    lastExtend = now - EXTEND_EVERY_NANOS; // the stop's timeout is a new one: extend it now
                }
                case STARTING -> {}
            }
            phase = state.phase();
        }
        if ((phase == ServiceState.Phase.STARTING || phase == ServiceState.Phase.STOPPING)
                && now - lastExtend >= EXTEND_EVERY_NANOS) {
            lines.add("EXTEND_TIMEOUT_USEC=" + EXTENSION_MICROS);
            lastExtend = now;
        }
        String text = status(state);
        if (!lines.isEmpty() || (!text.equals(status) && now - lastStatus >= STATUS_EVERY_NANOS)) {
            lines.add("STATUS=" + text);
            status = text;
            lastStatus = now;
        }
        if (watchdogNanos > 0 && now - lastPing >= watchdogNanos / 2) {
            lines.add("WATCHDOG=1");
            lastPing = now;
        }
        if (!lines.isEmpty()) {
            send(String.join("\n", lines) + "\n");
        }
    }

    private String status(ServiceState state) {
        String phaseText = switch (state.phase()) {
            case STARTING -> "starting";
            case READY -> "serving";
            case RELOADING -> "reloading";
            case STOPPING -> "stopping";
        };
        return phaseText + ": " + state.ready() + "/" + state.target() + " workers ready, " + requests.getAsLong()
                + " requests served" + (state.lastReload() == null ? "" : ", last reload " + state.lastReload());
    }

    /** Sends, and says once if systemd cannot be reached (and once when it can again). */
    private void send(String message) {
        try {
            socket.send(message);
            if (failing) {
                failing = false;
                console.log("drover: notifying systemd again");
            }
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                console.log("drover: cannot notify systemd: " + e.getMessage());
            }
        }
    }
}
