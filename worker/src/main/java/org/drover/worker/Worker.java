package org.drover.worker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.drover.api.WorkerInfo;
import org.drover.wire.ExitCodes;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;
import org.drover.wire.FrameType;
import org.drover.wire.FrameWriter;
import org.drover.wire.Hello;
import org.drover.worker.app.AppLoadException;
import org.drover.worker.app.AppLoader;
import org.drover.worker.app.LoadedApp;

/**
 * One worker's life: connect the control and data connections, load the apps, then let the
 * request threads read and run the requests until the master says stop or goes away.
 */
final class Worker {

    private final WorkerArgs args;
    private final String secret;
    private final long pid = ProcessHandle.current().pid();

    Worker(WorkerArgs args, String secret) {
        this.args = args;
        this.secret = secret;
    }

    void run() throws IOException {
        SocketChannel control = connect(Hello.CONTROL);
        SocketChannel data = connect(Hello.DATA);
        FrameWriter controlWriter = new FrameWriter(control);
        Slots slots = new Slots(args.threads(), new FrameWriter(data));
        startControlReader(control, controlWriter, slots);

        WorkerInfo info = new WorkerInfo(args.index(), pid, args.threads());
        LoadedApp app;
        try {
            app = AppLoader.load(args.mounts(), args.set(), info, args.socket().getParent());
        } catch (AppLoadException e) {
            // an app or a webapp that caught it names it in its message
            String why = e.getMessage();
            loadFailed(controlWriter, why.contains("OutOfMemoryError") ? why + "; " + moreMemory() : why);
            return;
        } catch (OutOfMemoryError e) {
            loadFailed(
                    controlWriter,
                    "the apps ran out of memory while loading (" + e.getMessage() + "); " + moreMemory());
            return;
        }
        slots.start(app);
        // One thread more than slots: with every slot busy, one still reads their frames. The
        // master sends no request before READY.
        new RequestThreads(new FrameReader(data), slots::accept, Runtime.getRuntime()::halt)
                .start(args.threads() + 1, app.loader());
        controlWriter.send(Frame.text(FrameType.READY, 0, app.description()));
        new Pings(controlWriter, slots).start();
    }

    private SocketChannel connect(int kind) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(args.socket()));
        new FrameWriter(channel).send(new Hello(kind, args.index(), pid, secret).toFrame());
        return channel;
    }

    /** The hint for an app that needs more heap than the worker has. */
    private static String moreMemory() {
        long heap = Runtime.getRuntime().maxMemory() >> 20;
        return "the worker's max heap is " + heap + " MB: give it more with --jvm-opt=-Xmx" + Math.max(512, heap * 2)
                + "m";
    }

    /** The master reports it, once, and decides whether to stop. */
    private static void loadFailed(FrameWriter controlWriter, String why) throws IOException {
        controlWriter.send(Frame.text(FrameType.LOAD_FAILED, 0, why));
        Runtime.getRuntime().halt(ExitCodes.APP_LOAD);
    }

    /**
     * Reads the control connection on its own thread: STOP drains and exits; end of stream means
     * the master is gone (even by {@code kill -9}), and the worker exits at once.
     */
    private void startControlReader(SocketChannel control, FrameWriter controlWriter, Slots slots) {
        // Stacks are taken on a thread of their own: a dump can stall, and this reader must not.
        ExecutorService dumper = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "drover-dump");
            thread.setDaemon(true);
            return thread;
        });
        Thread thread = new Thread(
                () -> {
                    FrameReader reader = new FrameReader(control);
                    try {
                        Frame frame;
                        while ((frame = reader.read()) != null) {
                            if (frame.type() == FrameType.STOP) {
                                Thread stopper = new Thread(
                                        () -> {
                                            slots.drainAndClose();
                                            Runtime.getRuntime().halt(ExitCodes.OK);
                                        },
                                        "drover-stop");
                                stopper.setDaemon(true);
                                stopper.start(); // this thread keeps watching for the master's end
                            } else if (frame.type() == FrameType.DUMP) {
                                int slot = frame.slot();
                                boolean all = frame.payload().length > 0 && frame.payload()[0] == 1;
                                dumper.execute(() -> {
                                    try {
                                        controlWriter.send(Frame.text(FrameType.STACK, slot, slots.stack(slot, all)));
                                    } catch (IOException e) {
                                        // the master is gone; this reader sees it too
                                    }
                                });
                            }
                        }
                    } catch (IOException e) {
                        System.err.println(
                                "drover worker " + args.index() + ": control connection failed: " + e.getMessage());
                    }
                    Runtime.getRuntime().halt(ExitCodes.FAILURE);
                },
                "drover-control");
        thread.setDaemon(true);
        thread.start();
    }
}
