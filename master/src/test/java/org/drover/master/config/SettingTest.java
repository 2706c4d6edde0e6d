package org.drover.master.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "65536, 65536", "64k, 65536", "64K, 65536", "1m, 1048576", "2g, 2147483648"})
    void readsSizesInBytesOrWithASuffix(String value, long bytes) {
        assertEquals(bytes, setting(Option.LIMIT_POST, value).asSize(0, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "k", "1.5m", "1 m", "1t", "-1"})
    void refusesBadSizes(String value) {
        ConfigException error = assertThrows(
                ConfigException.class, () -> setting(Option.LIMIT_POST, value).asSize(0, Long.MAX_VALUE));
        assertEquals(
                "limit-post must be a size in bytes, such as 65536, 64k or 1m, got '" + value
                        + "' (option --limit-post on the command line)",
                error.getMessage());
    }

    @Test
    void refusesASizeThatOverflows() {
        ConfigException error = assertThrows(
                ConfigException.class,
                () -> setting(Option.LIMIT_POST, "9999999999999g").asSize(0, Long.MAX_VALUE));
        assertEquals(
                "limit-post must be at most 9223372036854775807, got 9999999999999g "
                        + "(option --limit-post on the command line)",
                error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "yes", "on", "1"})
    void readsTrue(String value) {
        assertTrue(setting(Option.DISABLE_LOGGING, value).asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "no", "off", "0"})
    void readsFalse(String value) {
        assertFalse(setting(Option.DISABLE_LOGGING, value).asBoolean());
    }

    @ParameterizedTest
    @CsvSource({
        ":18000, 0.0.0.0:18000",
        "18000, 0.0.0.0:18000",
        "127.0.0.1:0, 127.0.0.1:0",
        "localhost:8080, localhost:8080",
        "'[::1]:8080', '[::1]:8080'"
    })
    void readsHostAndPort(String value, String expected) {
        assertEquals(expected, setting(Option.HTTP, value).asHostPort().toString());
    }

    @Test
    void keepsTheIpv6HostWithoutBrackets() {
        assertEquals(
                new ServerConfig.HostPort("::1", 80),
                setting(Option.HTTP, "[::1]:80").asHostPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "host:", "host:port", ":65536", "::1:80", "a b:80", "http://x:80"})
    void refusesBadHostPort(String value) {
        ConfigException error = assertThrows(
                ConfigException.class, () -> setting(Option.HTTP, value).asHostPort());
        assertEquals(
                "http must be [HOST]:PORT with a port from 0 to 65535, got '" + value
                        + "' (option --http on the command line)",
                error.getMessage());
    }

    @Test
    void splitsNameValueAtTheFirstEquals() {
        assertEquals(
                Map.entry("JAVA_TOOL_OPTIONS", "-Da=b"),
                setting(Option.ENV, "JAVA_TOOL_OPTIONS=-Da=b").asNameValue());
        assertEquals(Map.entry("empty", ""), setting(Option.SET, "empty=").asNameValue());
    }

    @Test
    void refusesANameValueWithoutName() {
        ConfigException error = assertThrows(
                ConfigException.class, () -> setting(Option.ENV, "=x").asNameValue());
        assertEquals("env must be NAME=VALUE, got '=x' (option --env on the command line)", error.getMessage());
    }

    @Test
    void refusesAnEmptyJvmOption() {
        ConfigException error = assertThrows(
                ConfigException.class, () -> setting(Option.JVM_OPT, "").asNonEmpty());
        assertEquals("jvm-opt: must not be empty (option --jvm-opt on the command line)", error.getMessage());
    }

    @Test
    void readsIntegersFromTheMinimum() {
        assertEquals(0, setting(Option.LISTEN, "0").asInt(0));
        ConfigException error = assertThrows(
                ConfigException.class, () -> setting(Option.LISTEN, "-1").asInt(0));
        assertEquals("listen must be >= 0, got -1 (option --listen on the command line)", error.getMessage());
    }

    private static Setting setting(Option option, String value) {
        return Setting.onCommandLine(option, value);
    }
}
