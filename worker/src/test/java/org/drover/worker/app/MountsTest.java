package org.drover.worker.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.api.Environ;
import org.drover.api.Headers;
import org.drover.api.StartResponse;
import org.drover.wire.MountTable;
import org.junit.jupiter.api.Test;

class MountsTest {

    private static final StartResponse IGNORED = (status, headers) -> {};

    private static String text(Body body) throws Exception {
        StringBuilder text = new StringBuilder();
        try (body) {
            for (byte[] chunk = body.next(); chunk != null; chunk = body.next()) {
                text.append(new String(chunk, StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    @Test
    void aMountedAppGetsTheHeadersAsReceivedAndItsOwnPaths() throws Exception {
        List<Environ> seen = new ArrayList<>();
        Application billing = (environ, start) -> {
            seen.add(environ);
            return Body.of("billing");
        };
        MountTable.Mount at = new MountTable.Mount("/billing", "billing", "x.Billing", 0);
        Mounts mounts = new Mounts(
                new MountTable(List.of(List.of()), List.of(at)),
                List.of(new Mounts.Mount(at, billing, getClass().getClassLoader())));
        Headers received = Headers.of("X-Trace", "1", "x-trace", "2");

        String answer = text(mounts.call(
                new Environ(
                        Map.of("PATH_INFO", "/billing/invoices", "SCRIPT_NAME", "", "HTTP_X_TRACE", "1, 2"),
                        received,
                        new ByteArrayInputStream(new byte[0])),
                IGNORED));

        assertEquals("billing", answer);
        assertEquals(received, seen.get(0).headers());
        assertEquals("/billing", seen.get(0).scriptName());
        assertEquals("/invoices", seen.get(0).pathInfo());
    }
}
