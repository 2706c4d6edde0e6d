package org.drover.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw HTTP/1.1 conversation over a socket, for what a client library hides: HEAD bodies,
 * 100-continue, chunks as they arrive, aborts.
 */
final class Raw implements AutoCloseable {

    private final Socket socket;

    Raw(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
    }

    Raw send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    Raw send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads up to the end of the next header block. */
    String readHead() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /**
     * Reads the next chunk of a chunked body and returns its data, empty for the last chunk. The
     * CRLF that ends a chunk's data is read with the next chunk: Jetty sends it only then.
     */
    String readChunk() throws IOException {
        String size = readLine();
        if (size.isEmpty()) {
            size = readLine();
        }
        int semicolon = size.indexOf(';');
        int length = Integer.parseInt(semicolon < 0 ? size : size.substring(0, semicolon), 16);
        byte[] data = socket.getInputStream().readNBytes(length);
        if (data.length < length) {
            throw new IOException("the connection ended in a chunk of " + length + " bytes");
        }
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    private String readLine() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended in a chunk's line: '" + line + "'");
            }
            line.append((char) b);
        }
        return line.toString().strip();
    }

    /** Reads exactly this many bytes of a body. */
    String readBytes(int length) throws IOException {
        byte[] data = socket.getInputStream().readNBytes(length);
        if (data.length < length) {
            throw new IOException("the connection ended after " + data.length + " of " + length + " bytes");
        }
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    /** Reads until the server closes the connection. */
    String readToEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
