package org.drover.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The in-process baseline of bench/run's servlet pairs: a WAR in Jetty 12's ee11 servlet
 * container, on a port of its own, as a team would run it without Drover. Annotation scanning
 * and ServletContainerInitializers work as in Drover's workers (jetty-ee11-annotations is on
 * the class path), so a Spring Boot WAR starts the same way in both.
 *
 * <p>Usage: {@code JettyWebapp PORT WAR [CONTEXT]}; the context path defaults to {@code /}.
 * Binds 127.0.0.1 only, uses Jetty's default thread pool, prints {@code jetty-webapp ready:
 * http://127.0.0.1:PORT/CONTEXT} once the webapp has started, and stops on SIGTERM/SIGINT. A
 * webapp that fails to start ends the process with status 1.
 */
public final class JettyWebapp {

    private JettyWebapp() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: JettyWebapp PORT WAR [CONTEXT]");
        }
        int port = Integer.parseInt(args[0]);
        Path war = Path.of(args[1]);
        if (!Files.isRegularFile(war)) {
            throw new IllegalArgumentException("no such WAR: " + war);
        }
        String contextPath = args.length > 2 ? args[2] : "/";

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        WebAppContext context = new WebAppContext();
        context.setWar(war.toString());
        context.setContextPath(contextPath);
        context.setThrowUnavailableOnStartupException(true);
        server.setHandler(context);
        server.setStopAtShutdown(true);
        try {
            server.start();
        } catch (Exception e) {
            System.err.println("jetty-webapp: " + war + " did not start: " + e);
            server.stop();
            System.exit(1);
        }
        System.out.println("jetty-webapp ready: http://127.0.0.1:" + connector.getLocalPort() + contextPath);
        System.out.flush();
        server.join();
    }
}
