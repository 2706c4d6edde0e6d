package org.drover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

    private static Config config(String name, String value) {
        return new Config(Map.of(name, value));
    }

    @Test
    void unsetNamesGiveTheDefault() {
        Config config = new Config(Map.of());

        assertEquals(Optional.empty(), config.get("a"));
        assertEquals("d", config.get("a", "d"));
        assertEquals(7, config.getInt("a", 7));
        assertEquals(8L, config.getLong("a", 8));
        assertEquals(0.5, config.getDouble("a", 0.5));
        assertTrue(config.getBoolean("a", true));
    }

    @Test
    void numbersAreParsedWithSpaceAroundThemTrimmed() {
        assertEquals(42, config("n", " 42 ").getInt("n", 0));
        assertEquals(-3, config("n", "-3").getInt("n", 0));
        assertEquals(5_000_000_000L, config("n", "5000000000").getLong("n", 0));
        assertEquals(2.5, config("n", "2.5 ").getDouble("n", 0));
        assertEquals("a value ", config("s", "a value ").get("s", ""), "strings are as given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "yes", "on", "1", "TRUE", " Yes "})
    void trueValues(String value) {
        assertTrue(config("b", value).getBoolean("b", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "no", "off", "0", "Off"})
    void falseValues(String value) {
        assertFalse(config("b", value).getBoolean("b", true));
    }

    @Test
    void aValueThatDoesNotParseFailsWithTheNameAndTheValue() {
        assertEquals(
                "hello.sleep must be an integer, got 'ten'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> config("hello.sleep", "ten").getInt("hello.sleep", 0))
                        .getMessage());
        assertEquals(
                "n must be an integer, got '5000000000'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> config("n", "5000000000").getInt("n", 0))
                        .getMessage());
        assertEquals(
                "n must be an integer, got '1.5'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> config("n", "1.5").getLong("n", 0))
                        .getMessage());
        assertEquals(
                "x must be a number, got 'abc'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> config("x", "abc").getDouble("x", 0))
                        .getMessage());
        assertEquals(
                "flag must be a boolean (true/false), got 'maybe'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> config("flag", "maybe").getBoolean("flag", false))
                        .getMessage());
    }

    @Test
    void valuesAreACopyThatCannotChange() {
        Map<String, String> given = new HashMap<>(Map.of("a", "1"));
        Config config = new Config(given);
        given.put("b", "2");

        assertEquals(Map.of("a", "1"), config.values());
        assertThrows(UnsupportedOperationException.class, () -> config.values().put("c", "3"));
    }
}
