package org.drover.master.control;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.drover.master.apps.AppSnapshot;
import org.drover.master.log.Console;
import org.drover.master.supervise.Operation;
import org.drover.master.supervise.Reply;
import org.drover.master.supervise.ServerSnapshot;
import org.drover.master.supervise.SupervisorEvent;

/**
 * Runs an operator's command for the control socket and the master FIFO. The ones that change
 * the server (reload, stop, add-worker, ...) go to the supervisor's thread; the ones that read it
 * (stats, status, apps) are answered from a snapshot; reopen-logs is done here.
 */
public final class Operator {

    private static final long READ_TIMEOUT_SECONDS = 5;

    private final Consumer<SupervisorEvent> supervisor;
    private final Runnable reopenLogs;
    private final Console console;

    public Operator(Consumer<SupervisorEvent> supervisor, Runnable reopenLogs, Console console) {
        this.supervisor = supervisor;
        this.reopenLogs = reopenLogs;
        this.console = console;
    }

    /**
     * Runs one command, by its name or FIFO letter.
     *
     * @param source who sent it, for the log: {@code ctl} or {@code master-fifo}
     * @return the reply, complete once the command has worked or failed (a reload, once it has
     *     finished or been aborted)
     */
    CompletableFuture<Reply> run(String source, String text) {
        console.log("drover: " + source + ": " + text);
        Optional<Operation> named = Operation.named(text);
        if (named.isEmpty()) {
            return CompletableFuture.completedFuture(
                    Reply.error("unknown command '" + text + "'; known: " + Operation.describeAll()));
        }
        Operation operation = named.get();
        return switch (operation) {
            case STATS -> read(server -> StatsDocument.of(server).toJson() + "\n");
            case STATUS -> read(Operator::status);
            case APPS -> read(Operator::apps);
            case REOPEN_LOGS -> {
                reopenLogs.run();
                yield CompletableFuture.completedFuture(Reply.ok("logs reopened"));
            }
            default -> {
                CompletableFuture<Reply> reply = new CompletableFuture<>();
                supervisor.accept(new SupervisorEvent.Operate(source + " " + text, operation, reply));
                yield reply;
            }
        };
    }

    private CompletableFuture<Reply> read(Function<ServerSnapshot, String> render) {
        CompletableFuture<ServerSnapshot> snapshot = new CompletableFuture<>();
        supervisor.accept(new SupervisorEvent.SnapshotRequest(snapshot));
        return snapshot.orTimeout(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .thenApply(server -> Reply.ok(render.apply(server)))
                .exceptionally(failure -> Reply.error(SnapshotHandler.why(failure, READ_TIMEOUT_SECONDS)));
    }

    private static String status(ServerSnapshot server) {
        return "master pid " + server.pid() + ": " + server.ready() + " of " + server.target()
                + " workers ready, apps of generation " + server.generation() + ", " + server.load()
                + " requests in flight" + (server.reloading() ? ", reloading" : "")
                + (server.stopping() ? ", stopping" : "");
    }

    /** {@code drover ctl apps}: a row per app, then the generation. */
    private static String apps(ServerSnapshot server) {
        String row = "%-16s %-16s %-16s %-20s %-64s %s%n";
        StringBuilder table =
                new StringBuilder(String.format(row, "APP", "MOUNT", "VERSION", "LOADED", "SHA-256", "JAR"));
        String loaded = DateTimeFormatter.ISO_INSTANT.format(server.appsTaken().truncatedTo(ChronoUnit.SECONDS));
        for (AppSnapshot.Listed app : server.apps()) {
            table.append(String.format(
                    row,
                    app.name(),
                    app.mount(),
                    app.version().isEmpty() ? "-" : app.version(),
                    loaded,
                    app.sha256(),
                    app.jar()));
        }
        table.append("generation ").append(server.generation()).append('\n');
        return table + (server.reloading() ? "reloading\n" : "");
    }
}
