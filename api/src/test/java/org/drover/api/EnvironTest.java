package org.drover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironTest {

    private static final InputStream NO_BODY = new ByteArrayInputStream(new byte[0]);

    private static Environ environ(String... namesAndValues) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            vars.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Environ(vars, NO_BODY);
    }

    /** Vars as "NAME=value;NAME=value", "-" for none; expected scheme. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "-                                           | http",
                "wsgi.url_scheme=https                       | https",
                "wsgi.url_scheme=HTTPS                       | https",
                "wsgi.url_scheme=http;HTTPS=on               | http",
                "wsgi.url_scheme=;REQUEST_SCHEME=https       | https",
                "REQUEST_SCHEME=https                        | https",
                "REQUEST_SCHEME=http;HTTPS=on                | http",
                "HTTPS=on                                    | https",
                "HTTPS=ON                                    | https",
                "HTTPS=off                                   | http",
                "HTTPS=1                                     | http",
                "wsgi.url_scheme=https;REQUEST_SCHEME=http   | https",
            })
    void schemeComesFromUrlSchemeThenRequestSchemeThenHttps(String given, String scheme) {
        Map<String, String> vars = new HashMap<>();
        if (!given.equals("-")) {
            for (String pair : given.split(";")) {
                int eq = pair.indexOf('=');
                vars.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        Environ environ = new Environ(vars, NO_BODY);

        assertEquals(scheme, environ.scheme());
        assertEquals(scheme.equals("https"), environ.isSecure());
    }

    @Test
    void headersGivenAreKeptAsReceived() {
        Headers received = Headers.of("accept", "a", "X_User", "eve", "ACCEPT", "b");
        Environ environ = new Environ(Map.of("HTTP_ACCEPT", "a, b"), received, NO_BODY);

        assertSame(received, environ.headers());
        assertEquals(List.of("a", "b"), environ.headers().values("Accept"));
        assertEquals(Optional.of("a, b"), environ.header("Accept"), "header() still reads the HTTP_* var");
        assertEquals(Optional.empty(), environ.header("X_User"));
        assertEquals(Optional.of("eve"), environ.headers().first("x_user"));
    }

    @Test
    void withoutHeadersTheyAreDerivedFromTheVarsInOrder() {
        Environ environ = environ(
                "REQUEST_METHOD", "GET",
                "HTTP_USER_AGENT", "curl",
                "CONTENT_TYPE", "text/plain",
                "HTTP_X_REAL_IP", "10.0.0.1");

        assertEquals(
                Headers.of("User-Agent", "curl", "Content-Type", "text/plain", "X-Real-Ip", "10.0.0.1"),
                environ.headers());
    }

    @Test
    void headerReadsTheCgiVarByItsHttpName() {
        Environ environ = environ(
                "HTTP_USER_AGENT", "curl",
                "CONTENT_TYPE", "text/plain",
                "CONTENT_LENGTH", "5");

        assertEquals(Optional.of("curl"), environ.header("user-agent"));
        assertEquals(Optional.of("text/plain"), environ.header("Content-Type"));
        assertEquals(Optional.of("5"), environ.header("content-length"));
        assertEquals(Optional.empty(), environ.header("Accept"));
    }

    @Test
    void contentLengthIsZeroWhenMissingOrEmpty() {
        assertEquals(0, environ().contentLength());
        assertEquals(0, environ("CONTENT_LENGTH", "").contentLength());
        assertEquals(12, environ("CONTENT_LENGTH", "12").contentLength());
        assertEquals(5_000_000_000L, environ("CONTENT_LENGTH", "5000000000").contentLength());
    }

    @Test
    void aContentLengthThatIsNotANumberFailsNamingIt() {
        NumberFormatException e = assertThrows(
                NumberFormatException.class,
                () -> environ("CONTENT_LENGTH", "12x").contentLength());

        assertTrue(e.getMessage().contains("\"12x\""), e.getMessage());
    }

    @Test
    void accessorsHaveDefaults() {
        Environ environ = environ();

        assertEquals("GET", environ.method());
        assertEquals("/", environ.requestUri());
        assertEquals("", environ.pathInfo());
        assertEquals("", environ.queryString());
        assertEquals("", environ.scriptName());
        assertEquals("HTTP/1.1", environ.serverProtocol());
        assertEquals(0, environ.serverPort());
        assertEquals(0, environ.remotePort());
        assertEquals("", environ.contentType());
        assertEquals(Headers.empty(), environ.headers());
    }

    @Test
    void portsThatAreNotNumbersAreZero() {
        Environ environ = environ("SERVER_PORT", "80a", "REMOTE_PORT", "4711");

        assertEquals(0, environ.serverPort());
        assertEquals(4711, environ.remotePort());
    }

    @Test
    void varsAreCopiedAndUnmodifiable() {
        Map<String, String> vars = new HashMap<>(Map.of("REQUEST_METHOD", "POST"));
        Environ environ = new Environ(vars, NO_BODY);
        vars.put("REQUEST_METHOD", "PUT");

        assertEquals("POST", environ.method());
        assertThrows(UnsupportedOperationException.class, () -> environ.vars().put("A", "b"));
        assertFalse(environ.get("A").isPresent());
    }

    @Test
    void headersMayNotBeNull() {
        assertThrows(NullPointerException.class, () -> new Environ(Map.of(), null, NO_BODY));
    }
}
