package org.drover.master.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.dispatch.FakeWorker;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.RequestHead;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP front in memory: raw requests through Jetty's {@link LocalConnector} into the
 * forwarding handler, the intake and the dispatcher, to a fake worker on a real UNIX socket.
 */
class ForwardingHandlerTest {

    private static final long LIMIT_POST = 1000;

    private final Server server = new Server();
    private final LocalConnector connector = new LocalConnector(server);
    private final Dispatcher dispatcher = new Dispatcher(0); // no queue: a busy worker means 503
    private Intake intake;
    private FakeWorker worker;

    @BeforeEach
    void start() throws Exception {
        server.addConnector(connector);
        intake = new Intake(dispatcher, finished -> {}, server.getThreadPool(), 0, 1 << 16, LIMIT_POST);
        server.setHandler(new ForwardingHandler(intake, List.of()));
        server.start();
        worker = new FakeWorker(dispatcher, 1);
    }

    @AfterEach
    void stop() throws Exception {
        worker.close();
        server.stop();
    }

    /** Answers the next request the worker gets with this status and body; completes with its vars. */
    private CompletableFuture<RequestHead> answerNext(int status, String body, String... headers) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Frame request = worker.expect(FrameType.REQUEST);
                Frame frame;
                while ((frame = worker.next()).type() == FrameType.BODY) {
                    // the whole body came with the request
                }
                worker.respond(request.slot(), status, body, headers);
                return RequestHead.decode(request.payload());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aRequestReachesTheWorkerWithItsVarsAndTheAnswerComesBack() throws Exception {
        CompletableFuture<RequestHead> vars = answerNext(200, "hello\n", "Content-Type", "text/plain");
        HttpTester.Response response = HttpTester.parseResponse(connector.getResponse("""
                GET /caf%C3%A9/x?q=1 HTTP/1.1\r
                Host: example.org\r
                X-Custom: a\r
                X-Custom: b\r
                X_Custom: forged\r
                \r
                """));

        assertEquals(200, response.getStatus());
        assertEquals("hello\n", response.getContent());
        RequestHead head = vars.get(10, TimeUnit.SECONDS);
        Map<String, String> sent = head.vars();
        assertEquals("GET", sent.get("REQUEST_METHOD"));
        assertEquals("/caf%C3%A9/x?q=1", sent.get("REQUEST_URI"));
        assertEquals(
                "/caf\u00c3\u00a9/x", sent.get("PATH_INFO"), "decoded, its UTF-8 bytes as the packet carries them");
        assertEquals("q=1", sent.get("QUERY_STRING"));
        assertEquals("example.org", sent.get("SERVER_NAME"));
        assertEquals("a, b", sent.get("HTTP_X_CUSTOM"), "repeated headers joined; X_Custom cannot pose as X-Custom");
        assertEquals(
                List.of("Host", "example.org", "X-Custom", "a", "X-Custom", "b", "X_Custom", "forged"),
                head.headers().orElseThrow(),
                "and the headers as received: case, order, repeats");
    }

    @Test
    void aBodyOverLimitPostIs413BeforeAnyOfItIsRead() throws Exception {
        HttpTester.Response response = HttpTester.parseResponse(connector.getResponse("""
                POST /upload HTTP/1.1\r
                Host: x\r
                Content-Length: 2000\r
                Expect: 100-continue\r
                \r
                """));
        assertEquals(413, response.getStatus(), "no 100 Continue: the client sends no body");
        assertTrue(response.getContent().contains("over limit-post 1000"), response.getContent());
        assertNull(worker.poll(200), "no worker saw it");
    }

    @Test
    void aWebSocketUpgradeIs501AndNoWorkerSeesIt() throws Exception {
        HttpTester.Response response = HttpTester.parseResponse(connector.getResponse("""
                GET /chat HTTP/1.1
                Host: x
                Connection: Upgrade
                Upgrade: websocket
                Sec-WebSocket-Version: 13
                Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==

                """));
        assertEquals(501, response.getStatus());
        assertTrue(response.getContent().contains(ForwardingHandler.WEBSOCKET_REFUSED), response.getContent());
        assertNull(worker.poll(200), "no worker saw it");
    }

    @Test
    void aChunkedBodyThatGrowsPastLimitPostIs413AndClosesTheConnection() throws Exception {
        String chunk = "x".repeat(600);
        HttpTester.Response response = HttpTester.parseResponse(connector.getResponse("POST /upload HTTP/1.1\r\n"
                + "Host: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n"));
        assertEquals(413, response.getStatus());
        assertEquals("close", response.get("Connection"));
    }

    @Test
    void aStoppingFrontAnswers503AndClosesTheConnection() throws Exception {
        intake.stopAccepting();
        HttpTester.Response response = HttpTester.parseResponse(connector.getResponse("""
                GET / HTTP/1.1\r
                Host: x\r
                \r
                """));
        assertEquals(503, response.getStatus());
        assertEquals("close", response.get("Connection"));
    }

    @Test
    void aBusyWorkerWithNoRoomInTheQueueIs503WithRetryAfter() throws Exception {
        LocalConnector.LocalEndPoint first = connector.executeRequest("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        Frame request = worker.expect(FrameType.REQUEST); // the only slot is taken

        HttpTester.Response refused = HttpTester.parseResponse(connector.getResponse("""
                GET /next HTTP/1.1\r
                Host: x\r
                \r
                """));
        assertEquals(503, refused.getStatus());
        assertEquals("1", refused.get("Retry-After"));
        assertTrue(refused.getContent().contains("every worker is busy and the queue of 0 is full"));

        worker.expect(FrameType.BODY_END);
        worker.respond(request.slot(), 200, "done");
        assertEquals(200, HttpTester.parseResponse(first.getResponse()).getStatus());
    }

    @Test
    void headKeepsTheWorkersContentLengthAndSendsNoBody() throws Exception {
        CompletableFuture<RequestHead> vars = answerNext(200, "", "Content-Length", "5");
        HttpTester.Response response = HttpTester.parseHeadResponse(
                connector.getResponse("HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n", true, 10, TimeUnit.SECONDS));
        assertEquals(200, response.getStatus());
        assertEquals("5", response.get("Content-Length"));
        assertEquals("", response.getContent());
        assertEquals("HEAD", vars.get(10, TimeUnit.SECONDS).vars().get("REQUEST_METHOD"));
    }

    @Test
    void aWorkerThatAnswersWithoutAResponseGives502() throws Exception {
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
            try {
                Frame request = worker.expect(FrameType.REQUEST);
                worker.end(request.slot(), false); // an END with no HEAD
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        HttpTester.Response response =
                HttpTester.parseResponse(connector.getResponse("GET /x HTTP/1.1\r\nHost: x\r\n\r\n"));
        ended.get(10, TimeUnit.SECONDS);
        assertEquals(502, response.getStatus());
        assertTrue(response.getContent().contains("the worker ended the request without a response"));
    }
}
