package org.drover.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The in-process baseline of bench/run's static row: Jetty 12's core {@code ResourceHandler}
 * serving a directory, as Drover's master serves a {@code static-map}.
 *
 * <p>Usage: {@code JettyStatic PORT DIR}. Binds 127.0.0.1 only, prints
 * {@code jetty-static ready: http://127.0.0.1:PORT/} once it serves, and stops on SIGTERM.
 */
public final class JettyStatic {

    private JettyStatic() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !Files.isDirectory(Path.of(args[1]))) {
            throw new IllegalArgumentException(
                    "usage: JettyStatic PORT DIR, DIR a directory; got " + String.join(" ", args));
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(server).newResource(Path.of(args[1])));
        files.setDirAllowed(false);
        server.setHandler(files);
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("jetty-static ready: http://127.0.0.1:" + connector.getLocalPort() + "/");
        System.out.flush();
        server.join();
    }
}
