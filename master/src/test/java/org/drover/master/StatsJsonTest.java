package org.drover.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small JSON reader of drover top. */
class StatsJsonTest {

    @Test
    void readsObjectsArraysStringsNumbersAndLiterals() {
        Object value = StatsJson.parse(" {\"a\": [1, 2.5, -3e2], \"b\": \"x\\\"y\\n\\u0041\", \"c\": true,"
                + " \"d\": null, \"e\": {}, \"f\": []} ");
        Map<?, ?> map = (Map<?, ?>) value;
        assertEquals(List.of(1.0, 2.5, -300.0), map.get("a"));
        assertEquals("x\"y\nA", map.get("b"));
        assertEquals(true, map.get("c"));
        assertEquals(null, map.get("d"));
        assertEquals(Map.of(), map.get("e"));
        assertEquals(List.of(), map.get("f"));
    }

    @Test
    void badDocumentsNameWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatsJson.parse("{\"a\" 1}"));
        assertEquals("bad stats JSON at offset 5: expected ':'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StatsJson.parse("{\"a\": 1} x"));
        assertThrows(IllegalArgumentException.class, () -> StatsJson.parse("[1, 2"));
    }
}
