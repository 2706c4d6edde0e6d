package org.drover.master;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Request;

/**
 * The request log, one uWSGI-like line per request, formatted and written by its own thread
 * so that the request path only queues a record. If the writer falls far behind, lines are
 * dropped and counted rather than slowing requests down.
 */
final class RequestLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneId.systemDefault());

    /** What one line needs, captured on the request path. */
    private record Entry(long workerPid, int workerIndex, long workerRequests, long total, String addr,
            long epochMillis, String method, String uri, String protocol, int status, long bytes, long nanos,
            int core, int varsBytes) {
    }

    private final PrintStream out;
    private final boolean enabled;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(16384);

    RequestLog(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
        if (enabled) {
            Thread writer = new Thread(this::write, "drover-request-log");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Counts the request, and queues its line unless logging is disabled. */
    void record(WorkerHandle worker, long workerRequests, int core, Request request, int status, long bytes,
            long nanos, int varsBytes) {
        long n = total.incrementAndGet();
        if (!enabled) {
            return;
        }
        Entry entry = new Entry(worker == null ? ProcessHandle.current().pid() : worker.pid(),
                worker == null ? 0 : worker.index(), workerRequests, n,
                Request.getRemoteAddr(request), System.currentTimeMillis(), request.getMethod(),
                request.getHttpURI().getPathQuery(), request.getConnectionMetaData().getProtocol(), status, bytes,
                nanos, core, varsBytes);
        if (!queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** A line about a request that is not the request's own log line (an abort, say). */
    void console(String line) {
        out.println(line);
    }

    long total() {
        return total.get();
    }

    private void write() {
        List<Entry> batch = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, 1023);
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                text.append("drover: request log fell behind; ").append(lost).append(" lines dropped\n");
            }
            for (Entry e : batch) {
                format(e, text);
            }
            out.print(text);
            out.flush();
            text.setLength(0);
            batch.clear();
        }
    }

    private static void format(Entry e, StringBuilder line) {
        line.append("[pid: ").append(e.workerPid()).append("|worker: ").append(e.workerIndex())
                .append("|req: ").append(e.workerRequests()).append('/').append(e.total()).append("] ")
                .append(e.addr()).append(" () {").append(e.varsBytes()).append(" bytes of vars} [")
                .append(TIME.format(Instant.ofEpochMilli(e.epochMillis()))).append("] ")
                .append(e.method()).append(' ').append(e.uri())
                .append(" => generated ").append(e.bytes()).append(" bytes in ").append(e.nanos() / 1_000_000)
                .append(" msecs (").append(e.protocol()).append(' ').append(e.status()).append(")");
        if (e.core() >= 0) {
            line.append(" on core ").append(e.core());
        }
        line.append('\n');
    }
}
