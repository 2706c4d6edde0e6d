package org.drover.master.supervise;

import java.io.IOException;
import java.util.function.Consumer;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;
import org.drover.wire.WireException;
import org.drover.wire.WorkerStats;

/**
 * Reads one worker's control connection on a thread of its own and turns every message into a
 * supervisor event (PING, READY, LOAD_FAILED, STACK); a message the protocol does not allow, and
 * the end of the connection, are events too. It changes nothing itself.
 */
final class WorkerControlReader {

    private WorkerControlReader() {}

    static void start(WorkerHandle worker, FrameReader reader, Consumer<SupervisorEvent> supervisor) {
        Thread thread =
                new Thread(() -> read(worker, reader, supervisor), "drover-worker-" + worker.index() + "-control");
        thread.setDaemon(true);
        thread.start();
    }

    private static void read(WorkerHandle worker, FrameReader reader, Consumer<SupervisorEvent> supervisor) {
        try {
            Frame frame;
            while ((frame = reader.read()) != null) {
                supervisor.accept(
                        switch (frame.type()) {
                            case PING -> new SupervisorEvent.Pinged(worker, WorkerStats.of(frame));
                            case STACK -> new SupervisorEvent.Stack(worker, frame.slot(), frame.text());
                            case READY -> new SupervisorEvent.Ready(worker, frame.text());
                            case LOAD_FAILED -> new SupervisorEvent.LoadFailed(worker, frame.text());
                            default -> throw new WireException("unexpected " + frame + " on the control connection");
                        });
            }
        } catch (WireException e) {
            supervisor.accept(new SupervisorEvent.ProtocolBroken(worker, e.getMessage()));
        } catch (IOException e) {
            // the worker is gone; its exit event follows
        } finally {
            supervisor.accept(new SupervisorEvent.ControlClosed(worker));
        }
    }
}
