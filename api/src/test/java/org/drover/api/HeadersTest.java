package org.drover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeadersTest {

    private static final Headers RECEIVED = Headers.of(
            "Host", "example.org",
            "accept", "text/html",
            "X-Trace-ID", "1",
            "Cookie", "a=1",
            "ACCEPT", "text/plain",
            "Cookie", "b=2",
            "X_User", "eve");

    @Test
    void fieldsKeepTheirNamesOrderAndRepeats() {
        assertEquals(7, RECEIVED.size());
        assertEquals("accept", RECEIVED.name(1));
        assertEquals("text/html", RECEIVED.value(1));
        assertEquals("ACCEPT", RECEIVED.name(4));
        assertEquals("X_User", RECEIVED.name(6));
    }

    @Test
    void valuesOfANameIgnoreCaseAndKeepOrder() {
        assertEquals(List.of("text/html", "text/plain"), RECEIVED.values("Accept"));
        assertEquals(List.of("a=1", "b=2"), RECEIVED.values("cookie"));
        assertEquals(List.of(), RECEIVED.values("Missing"));
        assertThrows(
                UnsupportedOperationException.class,
                () -> RECEIVED.values("Accept").add("x"));
    }

    @Test
    void firstGivesTheFirstValue() {
        assertEquals(Optional.of("text/html"), RECEIVED.first("ACCEPT"));
        assertEquals(Optional.of("1"), RECEIVED.first("x-trace-id"));
        assertEquals(Optional.empty(), RECEIVED.first("Accept-Encoding"));
        assertTrue(RECEIVED.contains("HOST"));
        assertFalse(RECEIVED.contains("X-User"), "an underscore is not a dash");
    }

    @Test
    void asMapIsOrderedByFirstAppearanceWithTheFirstSpelling() {
        Map<String, List<String>> map = RECEIVED.asMap();

        assertEquals(List.of("Host", "accept", "X-Trace-ID", "Cookie", "X_User"), new ArrayList<>(map.keySet()));
        assertEquals(List.of("text/html", "text/plain"), map.get("Accept"));
        assertEquals(List.of("text/html", "text/plain"), map.get("ACCEPT"));
        assertTrue(map.containsKey("x-trace-id"));
        assertNull(map.get("X-User"));
        assertNull(map.get(42));
        assertEquals(5, map.size());
    }

    @Test
    void asMapIsUnmodifiable() {
        Map<String, List<String>> map = RECEIVED.asMap();

        assertThrows(UnsupportedOperationException.class, () -> map.put("A", List.of("b")));
        assertThrows(UnsupportedOperationException.class, () -> map.remove("Host"));
        assertThrows(
                UnsupportedOperationException.class, () -> map.get("Cookie").add("c=3"));
        assertThrows(
                UnsupportedOperationException.class,
                () -> map.entrySet().iterator().next().setValue(List.of()));
    }

    @Test
    void ofCopiesItsList() {
        List<String> fields = new ArrayList<>(List.of("A", "1"));
        Headers headers = Headers.of(fields);
        fields.add("B");
        fields.add("2");

        assertEquals(1, headers.size());
    }

    @Test
    void ofRejectsAnOddCountAndEmptyNames() {
        assertEquals(
                "headers come as name-value pairs, got 3 strings",
                assertThrows(IllegalArgumentException.class, () -> Headers.of("A", "1", "B"))
                        .getMessage());
        assertEquals(
                "header names must not be empty, got one before value 'x'",
                assertThrows(IllegalArgumentException.class, () -> Headers.of("", "x"))
                        .getMessage());
    }

    @Test
    void fromVarsTitleCasesTheCgiNamesInTheVarsOrder() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REQUEST_METHOD", "POST");
        vars.put("HTTP_HOST", "example.org");
        vars.put("CONTENT_TYPE", "text/plain");
        vars.put("HTTP_X_FORWARDED_FOR", "10.0.0.1");
        vars.put("HTTP_ACCEPT", "text/html, text/plain");
        vars.put("CONTENT_LENGTH", "12");
        vars.put("HTTPS", "on");
        vars.put("HTTP_", "not a header");
        vars.put("HTTP_X_EMPTY", "");

        Headers headers = Headers.fromVars(vars);

        assertEquals(
                Headers.of(
                        "Host", "example.org",
                        "Content-Type", "text/plain",
                        "X-Forwarded-For", "10.0.0.1",
                        "Accept", "text/html, text/plain",
                        "Content-Length", "12",
                        "X-Empty", ""),
                headers);
    }

    /** nginx's uwsgi_params sends CONTENT_TYPE and CONTENT_LENGTH empty when the request has none. */
    @Test
    void fromVarsSkipsEmptyContentTypeAndLength() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("CONTENT_TYPE", "");
        vars.put("CONTENT_LENGTH", "");
        vars.put("HTTP_USER_AGENT", "curl");

        assertEquals(Headers.of("User-Agent", "curl"), Headers.fromVars(vars));
        assertEquals(Headers.empty(), Headers.fromVars(Map.of("REQUEST_METHOD", "GET")));
    }

    @Test
    void equalityIsByFieldsInOrderCaseIncluded() {
        assertEquals(Headers.of("A", "1", "B", "2"), Headers.of(List.of("A", "1", "B", "2")));
        assertEquals(Headers.of("A", "1").hashCode(), Headers.of("A", "1").hashCode());
        assertFalse(Headers.of("A", "1", "B", "2").equals(Headers.of("B", "2", "A", "1")));
        assertFalse(Headers.of("A", "1").equals(Headers.of("a", "1")));
        assertEquals(Headers.empty(), Headers.of());
    }

    @Test
    void toStringListsTheFields() {
        assertEquals(
                "Host: x\nAccept: a\nAccept: b\n",
                Headers.of("Host", "x", "Accept", "a", "Accept", "b").toString());
    }
}
