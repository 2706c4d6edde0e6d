package org.drover.master.dispatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.UwsgiPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatch path against a fake worker on a real UNIX socket: what the master sends on a
 * slot, how it takes the worker's frames, and what the client gets, with no Jetty and no worker
 * JVM.
 */
class DispatchPathTest {

    private final ExecutorService executor = Executors.newCachedThreadPool(run -> {
        Thread thread = new Thread(run, "test-executor");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Exchange.Finished> finished = new CopyOnWriteArrayList<>();
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();
    private Dispatcher dispatcher;
    private FakeWorker worker;

    @BeforeEach
    void connect() throws Exception {
        dispatcher = new Dispatcher(10);
        worker = new FakeWorker(dispatcher, 1);
    }

    @AfterEach
    void close() throws Exception {
        for (TestClient client : clients) {
            if (client.ended()) {
                client.assertCompletedOnce();
            }
        }
        worker.close(); // the executor's threads are daemons: the connection's reader may still use them
    }

    private Exchange submit(TestClient client, byte[] body) throws Exception {
        clients.add(client);
        byte[] vars = UwsgiPacket.builder()
                .add("REQUEST_METHOD", client.method())
                .add("REQUEST_URI", client.uri())
                .build();
        RequestBody buffered = new RequestBody(1 << 20);
        buffered.append(ByteBuffer.wrap(body));
        Exchange exchange = new Exchange(client, vars, buffered, 0, finished::add, executor);
        if (dispatcher.submit(exchange) == Dispatcher.Outcome.ASSIGNED) {
            exchange.start();
        }
        return exchange;
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not so within 10 s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void theRequestReachesTheWorkerAndItsResponseTheClient() throws Exception {
        TestClient client = new TestClient("GET", "/hello");
        submit(client, new byte[0]);
        Frame request = worker.expect(FrameType.REQUEST);
        assertEquals("/hello", UwsgiPacket.decode(request.payload()).get("REQUEST_URI"));
        worker.expect(FrameType.BODY_END);
        worker.respond(request.slot(), 200, "hi\n", "Content-Type", "text/plain");

        assertNull(client.awaitEnd());
        assertEquals(200, client.head().status());
        assertEquals("hi\n", client.body());
        Exchange.Finished done = finished.get(0);
        assertEquals(new WorkerId(1, 4711), done.worker());
        assertEquals(200, done.status());
        assertEquals(3, done.bytes());
        assertEquals(1, worker.connection().counters().requests());
    }

    @Test
    void anEmptyBodyFrameSendsTheHeadBeforeAnyBody() throws Exception {
        TestClient client = new TestClient("GET", "/events");
        submit(client, new byte[0]);
        Frame request = worker.expect(FrameType.REQUEST);
        worker.expect(FrameType.BODY_END);
        worker.send(new Frame(
                FrameType.HEAD,
                request.slot(),
                new org.drover.wire.ResponseHead(200, "OK", List.of("Content-Type", "text/event-stream")).encode()));
        Thread.sleep(200);
        assertFalse(client.headed(), "a head alone waits for the first bytes: a failure before them is a 502");

        worker.send(new Frame(FrameType.BODY, request.slot(), new byte[0])); // the app flushed its head
        assertEquals(200, client.head().status());
        assertEquals("", client.body());
        assertFalse(client.ended());
        worker.send(Frame.text(FrameType.BODY, request.slot(), "data: one\n\n"));
        worker.end(request.slot(), false);
        assertNull(client.awaitEnd());
        assertEquals("data: one\n\n", client.body());
    }

    @Test
    void aLargeBodyGoesOnlyAsFarAsTheWorkersCredit() throws Exception {
        byte[] body = new byte[3 * RequestSender.BODY_WINDOW + 1234];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        submit(new TestClient("POST", "/upload"), body);
        Frame request = worker.expect(FrameType.REQUEST);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (received.size() < RequestSender.BODY_WINDOW) {
            received.writeBytes(worker.expect(FrameType.BODY).payload());
        }
        assertEquals(RequestSender.BODY_WINDOW, received.size(), "one window ahead of any credit");
        assertNull(worker.poll(300), "nothing more until the worker credits what it read");

        Frame frame;
        do {
            worker.send(Frame.ofInt(FrameType.CREDIT, request.slot(), RequestSender.BODY_WINDOW));
            while ((frame = worker.next()).type() == FrameType.BODY) {
                received.writeBytes(frame.payload());
                if (received.size() % RequestSender.BODY_WINDOW == 0) {
                    break;
                }
            }
        } while (frame.type() == FrameType.BODY);
        assertEquals(FrameType.BODY_END, frame.type());
        assertArrayEquals(body, received.toByteArray());
    }

    @Test
    void aClientThatLeavesCancelsTheRequestAndItsLateFramesAreDropped() throws Exception {
        TestClient gone = new TestClient("GET", "/slow");
        Exchange exchange = submit(gone, new byte[0]);
        Frame request = worker.expect(FrameType.REQUEST);
        worker.expect(FrameType.BODY_END);
        TestClient next = new TestClient("GET", "/next");
        submit(next, new byte[0]); // queued: the only slot is taken

        exchange.clientFailed(dispatcher);
        worker.expect(FrameType.CANCEL);
        worker.respond(request.slot(), 200, "stale"); // the worker had already answered

        Frame second = worker.expect(FrameType.REQUEST);
        assertEquals("/next", UwsgiPacket.decode(second.payload()).get("REQUEST_URI"));
        worker.expect(FrameType.BODY_END);
        worker.respond(second.slot(), 200, "fresh");
        assertNull(next.awaitEnd());
        assertEquals("fresh", next.body(), "the next request gets its own answer, not the stale one");
        assertEquals("", gone.body());
    }

    @Test
    void aWorkerThatDiesGivesItsClient502() throws Exception {
        TestClient client = new TestClient("GET", "/x");
        submit(client, new byte[0]);
        worker.expect(FrameType.REQUEST);
        worker.die();

        assertNull(client.awaitEnd());
        assertEquals(502, client.head().status());
        assertTrue(client.body().contains("worker 1 (pid: 4711) died during the request"), client.body());
    }

    @Test
    void aResponseThatFailsAfterItsHeadAbortsTheClient() throws Exception {
        TestClient client = new TestClient("GET", "/x");
        submit(client, new byte[0]);
        Frame request = worker.expect(FrameType.REQUEST);
        worker.send(new Frame(
                FrameType.HEAD, request.slot(), new org.drover.wire.ResponseHead(200, "", List.of()).encode()));
        worker.send(Frame.text(FrameType.BODY, request.slot(), "part"));
        awaitUntil(() -> client.body().equals("part")); // the response has started
        worker.end(request.slot(), true);

        assertNotNull(client.awaitEnd(), "the client's connection is aborted, not ended");
        assertEquals(
                "the app failed while sending its response", finished.get(0).abort());
    }

    @Test
    void aResponseThatFailsBeforeAnyOfItReachedTheClientIs502() throws Exception {
        TestClient client = new TestClient("GET", "/x");
        submit(client, new byte[0]);
        Frame request = worker.expect(FrameType.REQUEST);
        worker.send(new Frame(
                FrameType.HEAD, request.slot(), new org.drover.wire.ResponseHead(200, "", List.of()).encode()));
        Thread.sleep(200); // the HEAD has been read alone by now
        assertFalse(client.headed(), "the head waits for the first bytes of the body");
        worker.end(request.slot(), true); // nothing was written to the client yet: a 502 is still possible

        assertNull(client.awaitEnd());
        assertEquals(502, client.head().status());
        assertTrue(client.body().contains("the app failed while sending its response"), client.body());
    }

    @Test
    void harakiriAnswers504AndInterruptsOnlyTheRequestItTimedOut() throws Exception {
        TestClient client = new TestClient("GET", "/spin");
        Exchange exchange = submit(client, new byte[0]);
        Frame request = worker.expect(FrameType.REQUEST);
        worker.expect(FrameType.BODY_END);

        exchange.timeOut("the request ran past harakiri 1 s");
        assertNull(client.awaitEnd());
        assertEquals(504, client.head().status());
        exchange.interruptWorker();
        assertEquals(FrameType.INTERRUPT, worker.next().type());

        worker.end(request.slot(), true); // the thread came back
        awaitUntil(() -> dispatcher.exchangesOn(worker.connection()).isEmpty());
        exchange.interruptWorker(); // too late: the slot's next request must never get it
        TestClient next = new TestClient("GET", "/next");
        submit(next, new byte[0]);
        assertEquals(FrameType.REQUEST, worker.next().type(), "no INTERRUPT after the END");
    }
}
