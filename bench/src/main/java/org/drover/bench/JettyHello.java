package org.drover.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * The in-process baseline of bench/run: Jetty 12 answering every request with
 * the hello app's body, so Drover's cost of forwarding to workers can be read
 * as a ratio to it.
 *
 * <p>Usage: {@code JettyHello [port] [blocking|non-blocking]}. The port defaults to
 * 8080 (0 picks a free one). {@code blocking}, the default, declares the handler
 * as one that may block, as an application's would be, so Jetty runs it on a pool
 * thread; {@code non-blocking} lets Jetty run it on the selector thread that read
 * the request, which saves a thread hand-off: the best case of an in-process hello.
 * Binds 127.0.0.1 only, uses Jetty's default thread pool, prints
 * {@code jetty-hello ready: http://127.0.0.1:PORT/ (MODE)} once it serves, and
 * stops gracefully on SIGTERM/SIGINT.
 */
public final class JettyHello {

    private static final ByteBuffer BODY = ByteBuffer.wrap("Hello world!\n".getBytes(StandardCharsets.US_ASCII))
            .asReadOnlyBuffer();
    private static final HttpField CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain");
    private static final HttpField CONTENT_LENGTH =
            new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, Integer.toString(BODY.remaining()));

    private JettyHello() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? parsePort(args[0]) : 8080;
        String mode = args.length > 1 ? args[1] : "blocking";
        InvocationType invocationType = switch (mode) {
            case "blocking" -> InvocationType.BLOCKING;
            case "non-blocking" -> InvocationType.NON_BLOCKING;
            default ->
                throw new IllegalArgumentException(
                        "mode must be blocking or non-blocking, got '" + mode + "' (usage: JettyHello [port] [mode])");
        };

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new HelloHandler(invocationType));
        server.setStopAtShutdown(true);
        server.start();

        System.out.println("jetty-hello ready: http://127.0.0.1:" + connector.getLocalPort() + "/ (" + mode + ")");
        System.out.flush();
        server.join();
    }

    private static int parsePort(String arg) {
        try {
            int port = Integer.parseInt(arg);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                "port must be 0..65535, got '" + arg + "' (usage: JettyHello [port] [mode])");
    }

    /** Answers every request with 200 and the hello body. */
    private static final class HelloHandler extends Handler.Abstract {
        HelloHandler(InvocationType invocationType) {
            super(invocationType);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(CONTENT_TYPE);
            response.getHeaders().put(CONTENT_LENGTH);
            response.write(true, BODY.slice(), callback);
            return true;
        }
    }
}
