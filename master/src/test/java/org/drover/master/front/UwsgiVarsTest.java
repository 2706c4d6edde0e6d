package org.drover.master.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.drover.wire.UwsgiPacket;
import org.drover.wire.WireException;
import org.junit.jupiter.api.Test;

class UwsgiVarsTest {

    private static byte[] data(Map<String, String> vars) throws WireException {
        byte[] packet = UwsgiPacket.encode(vars);
        return java.util.Arrays.copyOfRange(packet, UwsgiPacket.HEADER, packet.length);
    }

    private static Map<String, String> decoded(UwsgiVars vars) throws WireException {
        return UwsgiPacket.decode(vars.encode());
    }

    @Test
    void keepsWhatNginxSendsAndAddsTheScheme() throws WireException {
        Map<String, String> nginx = new LinkedHashMap<>();
        nginx.put("QUERY_STRING", "a=1");
        nginx.put("REQUEST_METHOD", "POST");
        nginx.put("CONTENT_LENGTH", "12");
        nginx.put("REQUEST_URI", "/x%20y?a=1");
        nginx.put("PATH_INFO", "/x y");
        nginx.put("HTTPS", "on");
        nginx.put("HTTP_USER_AGENT", "curl");
        UwsgiVars vars = UwsgiVars.decode(data(nginx));

        assertEquals(12, vars.contentLength());
        assertEquals("curl", vars.header("User-Agent"));
        Map<String, String> sent = decoded(vars);
        assertEquals("/x y", sent.get("PATH_INFO"));
        assertEquals("https", sent.get("wsgi.url_scheme"));
        assertEquals("", sent.get("SCRIPT_NAME"));
        assertEquals("HTTP/1.1", sent.get("SERVER_PROTOCOL"));
    }

    @Test
    void derivesTheUriAndPathOneFromTheOther() throws WireException {
        Map<String, String> fromUri =
                decoded(UwsgiVars.decode(data(Map.of("REQUEST_METHOD", "GET", "REQUEST_URI", "/caf%C3%A9/a%2Bb?q=1"))));
        assertEquals("/caf\u00c3\u00a9/a+b", fromUri.get("PATH_INFO"), "UTF-8 bytes, as the packet carries them");
        assertEquals("", fromUri.get("QUERY_STRING"));
        for (String refused : new String[] {"/bad/%zz", "/a%2Fb", "/a/%2e%2e/b", "/%FF"}) {
            WireException e = assertThrows(
                    WireException.class,
                    () -> UwsgiVars.decode(data(Map.of("REQUEST_METHOD", "GET", "REQUEST_URI", refused))),
                    refused + " is refused, as the HTTP listener answers it 400");
            assertTrue(e.getMessage().contains("'" + refused + "'"), e.getMessage());
        }

        Map<String, String> fromPath = decoded(
                UwsgiVars.decode(data(Map.of("REQUEST_METHOD", "GET", "PATH_INFO", "/p", "QUERY_STRING", "q=2"))));
        assertEquals("/p?q=2", fromPath.get("REQUEST_URI"));
        assertEquals("http", fromPath.get("wsgi.url_scheme"));
    }

    @Test
    void refusesAMissingMethodAndABadLength() {
        assertEquals(
                "the uwsgi vars have no REQUEST_METHOD",
                assertThrows(WireException.class, () -> UwsgiVars.decode(data(Map.of("REQUEST_URI", "/"))))
                        .getMessage());
        assertEquals(
                "the uwsgi var CONTENT_LENGTH is not a byte count: '-5'",
                assertThrows(
                                WireException.class,
                                () -> UwsgiVars.decode(data(Map.of("REQUEST_METHOD", "GET", "CONTENT_LENGTH", "-5"))))
                        .getMessage());
        assertEquals(
                "the uwsgi var CONTENT_LENGTH is not a byte count: 'ten'",
                assertThrows(
                                WireException.class,
                                () -> UwsgiVars.decode(data(Map.of("REQUEST_METHOD", "GET", "CONTENT_LENGTH", "ten"))))
                        .getMessage());
    }
}
