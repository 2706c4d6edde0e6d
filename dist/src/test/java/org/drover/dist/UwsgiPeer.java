package org.drover.dist;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A uwsgi peer, as nginx's {@code uwsgi_pass} is: one packet of vars, a body, the answer up to the close. */
final class UwsgiPeer {

    private UwsgiPeer() {}

    /** The uwsgi packet of these vars, with this modifier1 (0 for a WSGI request). */
    static byte[] packet(int modifier1, Map<String, String> vars) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        vars.forEach((key, value) -> {
            for (String s : new String[] {key, value}) {
                byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
                data.write(bytes.length);
                data.write(bytes.length >> 8);
                data.writeBytes(bytes);
            }
        });
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(modifier1);
        packet.write(data.size());
        packet.write(data.size() >> 8);
        packet.write(0);
        packet.writeBytes(data.toByteArray());
        return packet.toByteArray();
    }

    /** The vars nginx sends for a request, with an X-Trace header. */
    static Map<String, String> vars(String method, String uri, long contentLength) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REQUEST_METHOD", method);
        vars.put("REQUEST_URI", uri);
        vars.put("QUERY_STRING", uri.contains("?") ? uri.substring(uri.indexOf('?') + 1) : "");
        vars.put("SERVER_PROTOCOL", "HTTP/1.1");
        vars.put("REMOTE_ADDR", "198.51.100.7");
        vars.put("HTTP_X_TRACE", "t-1");
        if (contentLength > 0) {
            vars.put("CONTENT_LENGTH", Long.toString(contentLength));
        }
        return vars;
    }

    /**
     * Sends the bytes to {@code HOST:PORT} and reads everything until the server closes the
     * connection; with {@code halfClose}, shuts the output down once the request is sent.
     */
    static String exchange(String address, byte[] request, byte[] body, boolean halfClose) throws Exception {
        String[] hostPort = address.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.write(body);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput(); // shutdown(SHUT_WR): the request is all sent; the answer is still awaited
            }
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
