package org.drover.worker;

import static org.drover.worker.Frames.describe;
import static org.drover.worker.Frames.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.RequestHead;
import org.drover.wire.UwsgiPacket;
import org.drover.worker.app.LoadedApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's side of a REQUEST: the frame the master sends, decoded, reaches the app as its Environ. */
class SlotsTest {

    private final AtomicInteger bodiesClosed = new AtomicInteger();

    /**
     * {@code /fail}: a body that fails, counting its closes; anything else: the request's
     * headers, one {@code name: value} per line, then its CGI view of Accept.
     */
    private final Application app = (environ, start) -> {
        start.start(200, "Content-Type", "text/plain");
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

        slots.accept(new Frame(FrameType.REQUEST, 1, payload));
        slots.accept(Frame.of(FrameType.BODY_END, 1));
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
        slots.accept(new Frame(FrameType.REQUEST, 0, UwsgiPacket.encode(vars())));
        slots.accept(Frame.of(FrameType.BODY_END, 0));

        assertEquals(
                "Host: example.org\nAccept: text/html, text/plain\nHTTP_ACCEPT=text/html, text/plain\n",
                text(master.response()));
    }

    @Test
    void aBodyThatFailsIsAnsweredWithA500AndClosedOnce() throws Exception {
        Map<String, String> vars = Map.of("REQUEST_METHOD", "GET", "PATH_INFO", "/fail");
        slots.accept(new Frame(FrameType.REQUEST, 1, UwsgiPacket.encode(vars)));
        slots.accept(Frame.of(FrameType.BODY_END, 1));

        List<Frame> response = master.response();

        assertEquals(
                "slot 1 HEAD 500 Internal Server Error [Content-Type, text/plain, Content-Length, 22]",
                describe(response.get(0)));
        assertEquals(1, slots.exceptions());
        assertEquals(1, bodiesClosed.get());
    }
}
