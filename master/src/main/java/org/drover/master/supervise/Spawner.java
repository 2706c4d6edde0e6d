package org.drover.master.supervise;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.drover.master.apps.AppSnapshot;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.dispatch.WorkerConnection;
import org.drover.master.log.Console;
import org.drover.wire.FrameReader;
import org.drover.wire.Hello;

/**
 * Starts worker processes and takes the connections they open: a process is live from its
 * spawn, its exit becomes an event, and its control and data connections are attached to its
 * handle as they come (readers started). The supervisor's thread alone uses it.
 */
final class Spawner {

    private final WorkerCommand command;
    private final WorkerTable table;
    private final Console console;
    private final Dispatcher dispatcher;
    private final Executor executor;
    private final Consumer<SupervisorEvent> events;
    private final int threads;
    private final SharedArchive archive;

    /**
     * @param executor where the data connection's reader starts requests that waited in the queue
     * @param events where the worker's exit and its control messages go
     */
    Spawner(
            WorkerCommand command,
            int threads,
            WorkerTable table,
            Console console,
            Dispatcher dispatcher,
            Executor executor,
            Consumer<SupervisorEvent> events,
            SharedArchive archive) {
        this.command = command;
        this.archive = archive;
        this.threads = threads;
        this.table = table;
        this.console = console;
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.events = events;
    }

    /** Starts a worker JVM for this index on these apps; it is live, not yet current. */
    WorkerHandle spawn(int index, AppSnapshot apps) throws IOException {
        SharedArchive.Use cds = archive.next();
        Process process;
        try {
            process = command.start(index, apps, cds.options());
        } catch (IOException e) {
            archive.notSpawned(cds);
            throw e;
        }
        WorkerHandle worker = new WorkerHandle(index, process, apps, cds.trains());
        table.spawned(worker);
        process.onExit().thenAccept(p -> events.accept(new SupervisorEvent.Exited(worker, p.exitValue())));
        console.log("spawned drover worker " + index + " (pid: " + process.pid() + ", threads: " + threads + ")");
        if (cds.trains()) {
            archive.recording(worker.toString());
        }
        return worker;
    }

    /**
     * Attaches a connection that a worker opened and proved; one from a process the table does
     * not know is closed.
     *
     * @return the worker, when this was its data connection, else null
     */
    WorkerHandle connected(Hello hello, SocketChannel channel, FrameReader reader) {
        WorkerHandle worker = table.find(hello.index(), hello.pid());
        if (worker == null) {
            console.log("drover: closing a connection from unknown worker " + hello.index() + " (pid: " + hello.pid()
                    + ")");
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
            return null;
        }
        if (hello.connection() == Hello.CONTROL) {
            worker.attachControl(channel);
            WorkerControlReader.start(worker, reader, events);
            return null;
        }
        WorkerConnection data = new WorkerConnection(
                worker.id(), worker.counters(), worker.apps().mounts(), console, channel, reader, threads);
        try {
            data.startReader(dispatcher, executor);
        } catch (IOException e) {
            console.log("drover " + worker + ": cannot use its data connection: " + e.getMessage() + "; killing it");
            data.close();
            worker.kill();
            return null;
        }
        worker.attachData(data);
        return worker;
    }
}
