package org.drover.servlet;

import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * The connector of a Server that listens nowhere: requests arrive in process, through {@link
 * Exchange}. Jetty still needs one: a request finds its Server, executor and scheduler (async
 * timeouts) through its connector. The {@link HttpConnectionFactory} makes no connection; it is
 * there because a connector must have a default protocol, and it carries the HTTP configuration.
 */
final class InProcessConnector extends AbstractConnector {

    private final HttpConfiguration configuration;

    InProcessConnector(Server server, ThreadPool pool, Scheduler scheduler, HttpConfiguration configuration) {
        super(server, pool, scheduler, null, 0, new HttpConnectionFactory(configuration));
        this.configuration = configuration;
        setName("drover-in-process");
    }

    HttpConfiguration configuration() {
        return configuration;
    }

    @Override
    protected void accept(int acceptorId) {
        throw new UnsupportedOperationException("nothing to accept: requests arrive in process");
    }

    @Override
    public Object getTransport() {
        return null;
    }
}
