package org.drover.master.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;
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
        // JLine's terminal: raw mode (q without Enter), keys read with a timeout, the size, and
        // the terminal restored on exit, whatever ends the loop.
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            Attributes cooked = terminal.enterRawMode();
            try {
                NonBlockingReader keys = terminal.reader();
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
                    draw(terminal, frame + "\nq quits\n");
                    if (awaitQuit(keys, now + 1_000_000_000L)) {
                        return ExitCodes.OK;
                    }
                }
            } finally {
                terminal.setAttributes(cooked);
            }
        }
    }

    /** Clears the screen and shows the frame, cut to the terminal's width and height. */
    private static void draw(Terminal terminal, String frame) {
        int width = terminal.getWidth() > 0 ? terminal.getWidth() : Integer.MAX_VALUE;
        int height = terminal.getHeight() > 0 ? terminal.getHeight() : Integer.MAX_VALUE;
        terminal.puts(InfoCmp.Capability.clear_screen);
        PrintWriter screen = terminal.writer();
        String[] lines = frame.split("\n", -1);
        for (int i = 0; i < lines.length && i < height - 1; i++) {
            screen.print(lines[i].length() > width ? lines[i].substring(0, width) : lines[i]);
            screen.print("\r\n"); // raw mode: no newline translation
        }
        screen.flush();
    }

    /** Waits until the deadline for a key; true if it was q (or the input ended). */
    private static boolean awaitQuit(NonBlockingReader keys, long deadline) throws IOException {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            int key = keys.read(Math.max(1, left / 1_000_000));
            if (key == 'q' || key == 'Q' || key == NonBlockingReader.EOF) {
                return true;
            }
        }
        return false;
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
