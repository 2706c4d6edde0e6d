package org.drover.master.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The request log line: the default, and uWSGI's %(var) placeholders. */
class LogFormatTest {

    private static LogFormat.Entry entry(String authorization) {
        return new LogFormat.Entry(
                4711,
                2,
                7,
                30,
                "127.0.0.1",
                1_795_000_000_000L,
                "GET",
                "/a?b=1",
                "HTTP/1.1",
                404,
                13,
                2_500_000,
                3,
                300,
                "http://ref/",
                "curl/8",
                authorization,
                "billing");
    }

    private static String line(LogFormat format, LogFormat.Entry entry) {
        StringBuilder line = new StringBuilder();
        format.format(entry, line);
        return line.toString();
    }

    @Test
    void everyVariableHasItsValue() {
        LogFormat format = LogFormat.of("%(addr) %(method) %(uri) %(proto) %(status) %(size) %(msecs) %(micros) "
                + "%(pid) %(wid) %(core) %(referer) %(uagent) %(time) %(app)");
        assertEquals(
                "127.0.0.1 GET /a?b=1 HTTP/1.1 404 13 2 2500 4711 2 3 http://ref/ curl/8 1795000000 billing\n",
                line(format, entry(null)));
    }

    @Test
    void theUserComesFromBasicAuthentication() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("ada:secret".getBytes());
        assertEquals("[ada]\n", line(LogFormat.of("[%(user)]"), entry(basic)));
        assertEquals("[-]\n", line(LogFormat.of("[%(user)]"), entry(null)));
        assertEquals("[-]\n", line(LogFormat.of("[%(user)]"), entry("Bearer x")));
    }

    @Test
    void ltimeIsApacheStyle() {
        assertTrue(line(LogFormat.of("%(ltime)"), entry(null))
                .matches("\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\\n"));
    }

    @Test
    void theDefaultLineIsUwsgiLike() {
        assertTrue(line(LogFormat.standard(), entry(null))
                .matches("\\[pid: 4711\\|worker: 2\\|req: 7/30\\] 127\\.0\\.0\\.1 "
                        + "\\(\\) \\{300 bytes of vars\\} \\[.*\\] GET /a\\?b=1 => generated 13 bytes in 2 msecs "
                        + "\\(HTTP/1\\.1 404\\) on core 3\\n"));
    }

    @Test
    void headersAreCapturedOnlyWhenTheFormatShowsThem() {
        assertFalse(LogFormat.standard().needsHeaders());
        assertFalse(LogFormat.of("%(uri)").needsHeaders());
        assertTrue(LogFormat.of("%(uagent)").needsHeaders());
    }
}
