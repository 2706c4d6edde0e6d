package org.drover.master.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drover.wire.UwsgiPacket;
import org.drover.wire.WireException;
import org.junit.jupiter.api.Test;

/** The uwsgi socket's request parser, fed whole, byte by byte, oversized and garbage input. */
class UwsgiRequestParserTest {

    private static final int MAX_VARS = 4096;

    private static byte[] request(Map<String, String> vars, String body) throws WireException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(UwsgiPacket.encode(vars));
        out.writeBytes(body.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static Map<String, String> post(int length) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REQUEST_METHOD", "POST");
        vars.put("REQUEST_URI", "/upload?x=1");
        vars.put("PATH_INFO", "/upload");
        vars.put("CONTENT_LENGTH", Integer.toString(length));
        return vars;
    }

    /** Feeds the bytes in pieces of {@code step}, as reads would bring them; returns every event. */
    private static List<UwsgiRequestParser.Event> feed(byte[] bytes, int step, StringBuilder body) {
        UwsgiRequestParser parser = new UwsgiRequestParser(MAX_VARS);
        ByteBuffer buffer = ByteBuffer.allocate(UwsgiPacket.HEADER + MAX_VARS).flip();
        List<UwsgiRequestParser.Event> events = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += step) {
            buffer.compact().put(bytes, at, Math.min(step, bytes.length - at)).flip();
            UwsgiRequestParser.Event event;
            while ((event = parser.parse(buffer)) != null) {
                if (event instanceof UwsgiRequestParser.Body part) {
                    body.append(StandardCharsets.UTF_8.decode(part.part()));
                } else {
                    events.add(event);
                }
            }
        }
        return events;
    }

    @Test
    void aWholeRequestGivesItsVarsItsBodyAndItsEnd() throws WireException {
        StringBuilder body = new StringBuilder();
        List<UwsgiRequestParser.Event> events = feed(request(post(11), "hello world"), 1 << 20, body);
        assertEquals(2, events.size(), events.toString());
        UwsgiVars vars =
                assertInstanceOf(UwsgiRequestParser.Vars.class, events.get(0)).vars();
        assertEquals(11, vars.contentLength());
        assertEquals("POST", vars.get("REQUEST_METHOD", ""));
        assertInstanceOf(UwsgiRequestParser.End.class, events.get(1));
        assertEquals("hello world", body.toString());
    }

    @Test
    void aRequestThatComesByteByByteParsesTheSame() throws WireException {
        StringBuilder body = new StringBuilder();
        List<UwsgiRequestParser.Event> events = feed(request(post(11), "hello world"), 1, body);
        assertInstanceOf(UwsgiRequestParser.Vars.class, events.get(0));
        assertInstanceOf(UwsgiRequestParser.End.class, events.get(1));
        assertEquals("hello world", body.toString());
    }

    @Test
    void aTruncatedRequestWaitsForMore() throws WireException {
        byte[] whole = request(post(5), "abcde");
        for (int cut : new int[] {0, 2, UwsgiPacket.HEADER, whole.length - 5, whole.length - 1}) {
            StringBuilder body = new StringBuilder();
            List<UwsgiRequestParser.Event> events = feed(java.util.Arrays.copyOf(whole, cut), 3, body);
            assertEquals(
                    List.of(),
                    events.stream()
                            .filter(e -> !(e instanceof UwsgiRequestParser.Vars))
                            .toList(),
                    "no end and no error from the first " + cut + " bytes");
        }
    }

    @Test
    void aBodilessRequestEndsRightAfterItsVars() throws WireException {
        Map<String, String> get = Map.of("REQUEST_METHOD", "GET", "REQUEST_URI", "/");
        List<UwsgiRequestParser.Event> events = feed(request(get, "trailing garbage"), 1 << 20, new StringBuilder());
        assertEquals(2, events.size(), "bytes after the request are dropped: " + events);
        assertInstanceOf(UwsgiRequestParser.End.class, events.get(1));
    }

    @Test
    void varsOverBufferSizeAre431() throws WireException {
        Map<String, String> vars = new LinkedHashMap<>(post(0));
        vars.put("HTTP_COOKIE", "c".repeat(MAX_VARS));
        UwsgiRequestParser.Bad bad = assertInstanceOf(
                UwsgiRequestParser.Bad.class,
                feed(request(vars, ""), 64, new StringBuilder()).get(0));
        assertEquals(431, bad.status());
        assertEquals(
                "uwsgi vars of " + (UwsgiPacket.encode(vars).length - UwsgiPacket.HEADER)
                        + " bytes are over buffer-size " + MAX_VARS,
                bad.reason());
    }

    @Test
    void garbageIs400AndEndsTheParse() {
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        List<UwsgiRequestParser.Event> events = feed(http, 1 << 20, new StringBuilder());
        assertEquals(1, events.size(), "nothing after the refusal: " + events);
        UwsgiRequestParser.Bad bad = assertInstanceOf(UwsgiRequestParser.Bad.class, events.get(0));
        assertEquals(400, bad.status());
        assertEquals("uwsgi modifier1 71 is not 0, the only request type served", bad.reason());
    }

    @Test
    void varsThatRunPastTheirPacketAre400() {
        // datasize 6: a key size of 10 that the packet cannot hold
        byte[] packet = {0, 6, 0, 0, 10, 0, 'a', 'b', 'c', 'd'};
        UwsgiRequestParser.Bad bad = assertInstanceOf(
                UwsgiRequestParser.Bad.class,
                feed(packet, 1 << 20, new StringBuilder()).get(0));
        assertEquals(400, bad.status());
        assertEquals("uwsgi packet truncated: key (10 bytes at offset 2) runs past its end", bad.reason());
    }

    @Test
    void varsWithoutAMethodOrWithABadLengthAre400() throws WireException {
        UwsgiRequestParser.Bad noMethod = assertInstanceOf(
                UwsgiRequestParser.Bad.class,
                feed(request(Map.of("REQUEST_URI", "/"), ""), 1 << 20, new StringBuilder())
                        .get(0));
        assertEquals("the uwsgi vars have no REQUEST_METHOD", noMethod.reason());
        Map<String, String> badLength = Map.of("REQUEST_METHOD", "POST", "CONTENT_LENGTH", "lots");
        UwsgiRequestParser.Bad length = assertInstanceOf(
                UwsgiRequestParser.Bad.class,
                feed(request(badLength, ""), 1 << 20, new StringBuilder()).get(0));
        assertEquals("the uwsgi var CONTENT_LENGTH is not a byte count: 'lots'", length.reason());
    }

    @Test
    void anEmptyBufferGivesNothing() {
        assertNull(new UwsgiRequestParser(MAX_VARS).parse(ByteBuffer.allocate(0)));
    }
}
