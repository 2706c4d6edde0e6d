package org.drover.master.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drover.master.config.ServiceAddress;
import org.drover.master.control.StatsDocument;
import org.drover.wire.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code drover top ADDR}: a live view of a master's stats socket, in the spirit of uwsgitop.
 * It redraws every second: one row per worker, then the requests in flight with their age.
 * {@code q} quits; {@code --once} prints one frame, for scripts and tests.
 */
@Command(
        name = "top",
        mixinStandardHelpOptions = true,
        description = "Watch a running master through its stats socket (--stats), refreshed every second.")
final class TopCommand implements Callable<Integer> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final double MB = 1024.0 * 1024;

    @Parameters(paramLabel = "ADDR", description = "The master's --stats address: HOST:PORT or a UNIX socket path.")
    String address;

    @Option(names = "--once", description = "Print one frame and exit.")
    boolean once;

    @Spec
    CommandSpec spec;

    private final Map<Long, Long> lastRequests = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (once) {
            String frame;
            try {
                frame = frame(read(), 0);
            } catch (IOException | IllegalArgumentException e) {
                spec.commandLine()
                        .getErr()
                        .println("drover top: cannot read stats from " + address + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            out.print(frame);
            out.flush();
            return ExitCodes.OK;
        }
        boolean terminal = System.console() != null;
        if (terminal) {
            stty("-icanon -echo"); // q without Enter
        }
        try {
            InputStream in = System.in;
            long last = 0;
            while (true) {
                long now = System.nanoTime();
                String frame;
                try {
                    frame = frame(read(), last == 0 ? 0 : (now - last) / 1e9);
                } catch (IOException | IllegalArgumentException e) {
                    frame = "drover top: cannot read stats from " + address + ": " + e.getMessage() + "\n";
                }
                last = now;
                out.print("\033[H\033[2J" + frame + "\nq quits\n");
                out.flush();
                long until = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < until) {
                    while (in.available() > 0) {
                        if (in.read() == 'q') {
                            return ExitCodes.OK;
                        }
                    }
                    Thread.sleep(50);
                }
            }
        } finally {
            if (terminal) {
                stty("sane");
            }
        }
    }

    private static void stty(String mode) {
        try {
            new ProcessBuilder("sh", "-c", "stty " + mode + " < /dev/tty")
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException | InterruptedException e) {
            // a plain terminal then: q and Enter
        }
    }

    private StatsDocument read() throws IOException {
        try (SocketChannel channel = new ServiceAddress(address).connect()) {
            ByteArrayOutputStream document = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            while (channel.read(buffer) >= 0) {
                document.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return StatsDocument.parse(document.toString(StandardCharsets.UTF_8));
        }
    }

    /** One screen: the master's line, a row per worker, the requests in flight. */
    String frame(StatsDocument stats, double seconds) {
        StringBuilder frame = new StringBuilder();
        frame.append(String.format(
                Locale.ROOT,
                "drover %s  master pid %d  load %d  queue %d  503s %d  %s%n",
                stats.version(),
                stats.pid(),
                stats.load(),
                stats.listenQueue(),
                stats.listenQueueErrors(),
                LocalTime.now().format(CLOCK)));
        frame.append(String.format(
                Locale.ROOT,
                "%4s %8s %-9s %9s %7s %8s %8s %10s %5s%n",
                "WID",
                "PID",
                "STATUS",
                "REQS",
                "REQ/S",
                "AVG(ms)",
                "RSS(MB)",
                "HEAP(MB)",
                "RESP"));
        StringBuilder inFlight = new StringBuilder();
        for (StatsDocument.Worker worker : stats.workers()) {
            Long before = lastRequests.put(worker.pid(), worker.deltaRequests());
            String rate = before == null || seconds == 0
                    ? "-"
                    : String.format(Locale.ROOT, "%.1f", (worker.deltaRequests() - before) / seconds);
            frame.append(String.format(
                    Locale.ROOT,
                    "%4d %8d %-9s %9d %7s %8.1f %8.1f %4.0f/%-5.0f %5d%n",
                    worker.id(),
                    worker.pid(),
                    worker.status(),
                    worker.requests(),
                    rate,
                    worker.avgRt() / 1000.0,
                    worker.rss() / MB,
                    worker.jvm().heapUsed() / MB,
                    worker.jvm().heapMax() / MB,
                    worker.respawnCount()));
            for (StatsDocument.Core core : worker.cores()) {
                if (core.inRequest() == 1) {
                    inFlight.append(String.format(
                            Locale.ROOT,
                            "%4d/%-3d %-7s %-50s %6.1f s%n",
                            worker.id(),
                            core.id(),
                            core.method(),
                            core.uri(),
                            core.age()));
                }
            }
        }
        frame.append(inFlight.length() == 0 ? "\nno request in flight\n" : "\nIN FLIGHT\n" + inFlight);
        return frame.toString();
    }
}
