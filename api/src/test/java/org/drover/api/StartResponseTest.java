package org.drover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link StartResponse#start(int, String...)}, the shorthand that builds the status line and the headers. */
class StartResponseTest {

    private final List<String> statuses = new ArrayList<>();
    private final List<List<Header>> headerLists = new ArrayList<>();
    private final StartResponse recording = (status, headers) -> {
        statuses.add(status);
        headerLists.add(headers);
    };

    @Test
    void aCodeGetsItsReasonPhraseAndThePairsBecomeHeaders() {
        recording.start(404, "Content-Type", "text/plain", "Set-Cookie", "a=1", "Set-Cookie", "b=2");

        assertEquals(List.of("404 Not Found"), statuses);
        assertEquals(
                List.of(
                        new Header("Content-Type", "text/plain"),
                        new Header("Set-Cookie", "a=1"),
                        new Header("Set-Cookie", "b=2")),
                headerLists.get(0));
    }

    @Test
    void aCodeWithoutAKnownReasonGetsAGenericOne() {
        recording.start(299);
        recording.start(200);

        assertEquals(List.of("299 Status 299", "200 OK"), statuses);
        assertEquals(List.of(), headerLists.get(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 99, 1000, 2000})
    void aCodeOutside100To999IsRejected(int code) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> recording.start(code));

        assertEquals("status code must be 100-999, got " + code, e.getMessage());
        assertTrue(statuses.isEmpty());
    }

    @Test
    void theCodeRangeEndsAreAccepted() {
        recording.start(100);
        recording.start(999);

        assertEquals(List.of("100 Continue", "999 Status 999"), statuses);
    }

    @Test
    void namesAndValuesMustComeInPairs() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> recording.start(200, "Content-Type", "text/plain", "X-Lonely"));

        assertEquals("headers come as name-value pairs, got 3 strings", e.getMessage());
        assertTrue(statuses.isEmpty());
    }

    @Test
    void aBadHeaderIsRejectedBeforeTheResponseStarts() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> recording.start(302, "Location", "/a\r\nSet-Cookie: x=1"));

        assertEquals("header Location has a line break in its value", e.getMessage());
        assertTrue(statuses.isEmpty());
    }

    @Test
    void theHeadersCannotBeChangedAfterwards() {
        recording.start(200, "A", "b");

        assertThrows(
                UnsupportedOperationException.class, () -> headerLists.get(0).add(new Header("C", "d")));
    }
}
