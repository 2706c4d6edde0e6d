package org.drover.webapp.hello;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Logs one line to stderr when the context starts and one when it stops, naming the context path, so that tests can
 * wait for a deploy and see an orderly undeploy.
 */
public final class ContextLogListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        System.err.println("drover-webapp-hello: contextInitialized contextPath='"
                + event.getServletContext().getContextPath() + "'");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        System.err.println("drover-webapp-hello: contextDestroyed contextPath='"
                + event.getServletContext().getContextPath() + "'");
    }
}
