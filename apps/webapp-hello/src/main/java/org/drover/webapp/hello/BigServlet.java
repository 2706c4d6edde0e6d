package org.drover.webapp.hello;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * {@code GET /big?mb=N}: streams N MiB (default 1, fractional allowed, at most 10240) without a {@code
 * Content-Length}, so the container sends it chunked, for the tests of large bodies and back-pressure.
 *
 * <p>The body is {@link #LINE} repeated (64 bytes, so a MiB is 16384 lines), the last line cut at N MiB: a test can
 * check any byte {@code k} as {@code LINE.charAt(k % 64)}.
 */
@WebServlet("/big")
public final class BigServlet extends HttpServlet {

    /** 64 bytes: the body repeats it. */
    static final String LINE = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-\n";

    private static final int MIB = 1024 * 1024;
    private static final byte[] BLOCK = block();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OptionalDouble mb = QueryNumber.read(request, response, "mb", 1, 10_240);
        if (mb.isEmpty()) {
            return;
        }
        response.setContentType("text/plain;charset=us-ascii");
        ServletOutputStream out = response.getOutputStream();
        for (long left = Math.round(mb.getAsDouble() * MIB); left > 0; left -= BLOCK.length) {
            out.write(BLOCK, 0, (int) Math.min(left, BLOCK.length));
        }
    }

    private static byte[] block() {
        byte[] line = LINE.getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[64 * 1024];
        for (int at = 0; at < block.length; at += line.length) {
            System.arraycopy(line, 0, block, at, line.length);
        }
        assert Arrays.equals(Arrays.copyOf(block, line.length), line);
        return block;
    }
}
