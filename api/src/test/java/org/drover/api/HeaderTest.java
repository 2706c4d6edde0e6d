package org.drover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderTest {

    @Test
    void aValidHeaderKeepsItsNameAndValue() {
        Header header = new Header("Set-Cookie", "a=1; Path=/");

        assertEquals("Set-Cookie", header.name());
        assertEquals("a=1; Path=/", header.value());
        assertEquals("", new Header("X-Empty", "").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X-A\r", "X\nB", "X:Y", "Content-Type:"})
    void aBadNameIsRejectedQuotingIt(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Header(name, "v"));

        assertEquals("bad header name: '" + name + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nSet-Cookie: evil=1", "a\n", "\r"})
    void aLineBreakInTheValueIsRejectedNamingTheHeader(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Header("Location", value));

        assertEquals("header Location has a line break in its value", e.getMessage());
    }

    @Test
    void nameAndValueAreRequired() {
        assertEquals(
                "name",
                assertThrows(NullPointerException.class, () -> new Header(null, "v"))
                        .getMessage());
        assertEquals(
                "value",
                assertThrows(NullPointerException.class, () -> new Header("A", null))
                        .getMessage());
    }
}
