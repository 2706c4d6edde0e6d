package org.drover.worker;

import static org.drover.worker.Frames.describe;
import static org.drover.worker.Frames.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;
import org.drover.wire.FrameType;
import org.drover.wire.RequestHead;
import org.drover.wire.UwsgiPacket;
import org.drover.worker.app.LoadedApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's side of a REQUEST: the frame the master sends, read by the request threads, reaches the app as its Environ. */
class SlotsTest {

    private final AtomicInteger bodiesClosed = new AtomicInteger();
    /** The threads whose request was interrupted in {@code /sleep}. */
    private final LinkedBlockingQueue<String> interrupted = new LinkedBlockingQueue<>();

    /**
     * {@code /fail}: a body that fails, counting its closes; anything else: the request's
     * headers, one {@code name: value} per line, then its CGI view of Accept.
     */
    private final Application app = (environ, start) -> {
        start.start(200, "Content-Type", "text/plain");
        if (environ.pathInfo().equals("/sleep")) {
            try {
                Thread.sleep(20_000);
                return Body.of("slept\n");
            } catch (InterruptedException e) {
                interrupted.add(Thread.currentThread().getName());
                return Body.of("interrupted\n");
            }
        }
        if (environ.pathInfo().equals("/fail")) {
            return new Body() {
                @Override
                public byte[] next() throws IOException {
                    throw new IOException("the body failed on purpose");
                }

                @Override
                public void close() {
                    bodiesClosed.incrementAndGet();
                }
            };
        }
        return Body.of(
                environ.headers() + "HTTP_ACCEPT=" + environ.header("Accept").orElse("-") + "\n");
    };

    @TempDir
    Path dir;

    private FakeMaster master;
    private Slots slots;

    @BeforeEach
    void startSlots() throws Exception {
        master = FakeMaster.open(dir);
        slots = new Slots(2, master.writer());
        slots.start(new LoadedApp(app, getClass().getClassLoader(), "test app"));
        new RequestThreads(new FrameReader(master.workerEnd()), slots::accept, code -> {})
                .start(3, getClass().getClassLoader());
    }

    @AfterEach
    void close() throws Exception {
        master.close();
    }

    private static Map<String, String> vars() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REQUEST_METHOD", "GET");
        vars.put("REQUEST_URI", "/");
        vars.put("HTTP_HOST", "example.org");
        vars.put("HTTP_ACCEPT", "text/html, text/plain");
        return vars;
    }

    @Test
    void theHeaderBlockReachesTheAppAsReceived() throws Exception {
        byte[] payload = new RequestHead(
                        vars(),
                        Optional.of(List.of(
                                "host", "example.org", "Accept", "text/html", "X_User", "eve", "ACCEPT", "text/plain")))
                .encode();

        master.send(new Frame(FrameType.REQUEST, 1, payload), Frame.of(FrameType.BODY_END, 1));
        List<Frame> response = master.response();

        assertEquals("slot 1 END COMPLETE", describe(response.get(response.size() - 1)));
        assertEquals(
                "host: example.org\nAccept: text/html\nX_User: eve\nACCEPT: text/plain\n"
                        + "HTTP_ACCEPT=text/html, text/plain\n",
                text(response));
    }

    /** nginx's uwsgi_pass sends vars only, and so does a master without header blocks. */
    @Test
    void withoutAHeaderBlockTheAppGetsHeadersDerivedFromTheVars() throws Exception {
        master.send(new Frame(FrameType.REQUEST, 0, UwsgiPacket.encode(vars())), Frame.of(FrameType.BODY_END, 0));

        assertEquals(
                "Host: example.org\nAccept: text/html, text/plain\nHTTP_ACCEPT=text/html, text/plain\n",
                text(master.response()));
    }

    @Test
    void aBodyThatFailsIsAnsweredWithA500AndClosedOnce() throws Exception {
        Map<String, String> vars = Map.of("REQUEST_METHOD", "GET", "PATH_INFO", "/fail");
        master.send(new Frame(FrameType.REQUEST, 1, UwsgiPacket.encode(vars)), Frame.of(FrameType.BODY_END, 1));

        List<Frame> response = master.response();

        assertEquals(
                "slot 1 HEAD 500 Internal Server Error [Content-Type, text/plain, Content-Length, 22]",
                describe(response.get(0)));
        assertEquals(1, slots.exceptions());
        assertEquals(1, bodiesClosed.get());
    }

    /**
     * Harakiri with every slot busy: the worker has a thread more than slots, which still reads
     * the INTERRUPT, and the interrupt reaches the thread running that slot's request, whose
     * stack the slot's dump shows.
     */
    @Test
    void anInterruptReachesTheRunningRequestWhileEverySlotIsBusy() throws Exception {
        Map<String, String> vars = Map.of("REQUEST_METHOD", "GET", "PATH_INFO", "/sleep");
        master.send(new Frame(FrameType.REQUEST, 0, UwsgiPacket.encode(vars)), Frame.of(FrameType.BODY_END, 0));
        master.send(new Frame(FrameType.REQUEST, 1, UwsgiPacket.encode(vars)), Frame.of(FrameType.BODY_END, 1));
        String stack = awaitStack(1, s -> s.contains("java.lang.Thread.sleep"));

        master.send(Frame.of(FrameType.INTERRUPT, 1));

        // cancelled first: the client has its 504 already, and nothing of the response is sent
        assertEquals("slot 1 END FAILED 1", describe(master.next()));
        String thread = stack.substring(1, stack.indexOf('"', 1));
        assertEquals(thread, interrupted.poll(10, TimeUnit.SECONDS));
        awaitStack(1, s -> s.equals("no request is running on slot 1\n"));
        master.send(Frame.of(FrameType.INTERRUPT, 0));
        assertEquals("END FAILED 1", describe(master.next()));
        assertTrue(interrupted.poll(10, TimeUnit.SECONDS).startsWith("drover-request-"));
    }

    /** The slot's stack once it passes the test; fails after 10 s. */
    private String awaitStack(int slot, Predicate<String> test) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String stack;
        while (!test.test(stack = slots.stack(slot, false))) {
            if (System.nanoTime() > deadline) {
                fail("slot " + slot + "'s stack did not come as expected:\n" + stack);
            }
            Thread.sleep(10);
        }
        return stack;
    }
}
