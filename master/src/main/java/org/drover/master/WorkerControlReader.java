package org.drover.master;

import java.io.IOException;
import java.util.function.Consumer;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;
import org.drover.wire.FrameType;
import org.drover.wire.WireException;
import org.drover.wire.WorkerStats;

/**
 * Reads one worker's control connection on a thread of its own: PING figures go straight to the
 * worker's handle, READY, LOAD_FAILED and STACK become supervisor events. A worker that breaks
 * the protocol is killed.
 */
final class WorkerControlReader {

    private WorkerControlReader() {}

    static void start(WorkerHandle worker, FrameReader reader, Consumer<SupervisorEvent> supervisor, Console console) {
        Thread thread = new Thread(
                () -> {
                    try {
                        Frame frame;
                        while ((frame = reader.read()) != null) {
                            if (frame.type() == FrameType.PING) {
                                worker.stats(WorkerStats.of(frame));
                            } else if (frame.type() == FrameType.STACK) {
                                supervisor.accept(new SupervisorEvent.Stack(worker, frame.slot(), frame.text()));
                            } else if (frame.type() == FrameType.READY) {
                                supervisor.accept(new SupervisorEvent.Ready(worker, frame.text()));
                            } else if (frame.type() == FrameType.LOAD_FAILED) {
                                worker.loadFailure(frame.text());
                                supervisor.accept(new SupervisorEvent.LoadFailed(worker, frame.text()));
                            } else {
                                throw new WireException("unexpected " + frame + " on the control connection");
                            }
                        }
                    } catch (WireException e) {
                        console.log("drover worker " + worker.index() + " (pid: " + worker.pid()
                                + ") broke the protocol: " + e.getMessage() + "; killing it");
                        worker.kill();
                    } catch (IOException e) {
                        // the worker is gone; its exit event follows
                    }
                },
                "drover-worker-" + worker.index() + "-control");
        thread.setDaemon(true);
        worker.controlReader(thread);
        thread.start();
    }
}
