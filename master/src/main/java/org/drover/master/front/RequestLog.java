package org.drover.master.front;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.drover.master.config.ServerConfig;
import org.drover.master.dispatch.Client;
import org.drover.master.dispatch.Exchange;
import org.drover.master.dispatch.WorkerId;
import org.drover.wire.MountTable;

/**
 * The request log, one line per request ({@link LogFormat}), formatted and written by its own
 * thread so that the request path only queues a record. With logging disabled, the filters
 * ({@code log-slow}, {@code log-4xx}, {@code log-5xx}) still log the requests they match. If the
 * writer falls far behind, lines are dropped and counted rather than slowing requests down.
 */
public final class RequestLog implements Exchange.Listener {

    private static final long MASTER_PID = ProcessHandle.current().pid();
    private final PrintStream out;
    private final boolean all;
    private final ServerConfig.Logging filters;
    private final LogFormat format;
    private final boolean headers;
    private final boolean app;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final BlockingQueue<LogFormat.Entry> queue = new ArrayBlockingQueue<>(16384);

    public RequestLog(PrintStream out, boolean enabled, ServerConfig.Logging filters) {
        this.out = out;
        this.all = enabled;
        this.filters = filters;
        this.format = filters.format().map(LogFormat::of).orElseGet(LogFormat::standard);
        this.headers = format.needsHeaders();
        this.app = format.needsApp();
        if (enabled || filters.slowMillis() > 0 || filters.log4xx() || filters.log5xx()) {
            Thread writer = new Thread(this::write, "drover-request-log");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Counts the request, and queues its line if logging or one of the filters wants it. */
    @Override
    public void finished(Exchange.Finished done) {
        long n = total.incrementAndGet();
        if (done.abort() != null) {
            out.println("aborted " + done.client().method() + " "
                    + done.client().uri() + " after the response started: " + done.abort());
        }
        if (!all && !matchesFilter(done.status(), done.nanos())) {
            return;
        }
        Client client = done.client();
        WorkerId worker = done.worker();
        LogFormat.Entry entry = new LogFormat.Entry(
                worker == null ? MASTER_PID : worker.pid(),
                worker == null ? 0 : worker.index(),
                done.workerRequests(),
                n,
                client.remoteAddr(),
                System.currentTimeMillis(),
                client.method(),
                client.uri(),
                client.protocol(),
                done.status(),
                done.bytes(),
                done.nanos(),
                done.core(),
                done.varsBytes(),
                headers ? client.header("Referer") : null,
                headers ? client.header("User-Agent") : null,
                headers ? client.header("Authorization") : null,
                app && done.mounts() != null
                        ? done.mounts()
                                .match(client.path())
                                .map(MountTable.Mount::name)
                                .orElse("-")
                        : null);
        if (!queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    private boolean matchesFilter(int status, long nanos) {
        return filters.slowMillis() > 0 && nanos / 1_000_000 >= filters.slowMillis()
                || filters.log4xx() && status / 100 == 4
                || filters.log5xx() && status / 100 == 5;
    }

    private void write() {
        List<LogFormat.Entry> batch = new ArrayList<>();
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
            for (LogFormat.Entry e : batch) {
                format.format(e, text);
            }
            out.print(text);
            out.flush();
            text.setLength(0);
            batch.clear();
        }
    }
}
