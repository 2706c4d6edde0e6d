package org.drover.webapp.hello;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Owns the one thread that completes {@code /async} requests: started with the context, stopped when it is destroyed,
 * so an undeploy leaves no thread of the app behind.
 */
@WebListener
public final class SchedulerListener implements ServletContextListener {

    private static final String ATTRIBUTE = SchedulerListener.class.getName() + ".scheduler";

    /** The context's scheduler; fails naming the listener when it did not run. */
    static ScheduledExecutorService scheduler(ServletContext context) {
        Object scheduler = context.getAttribute(ATTRIBUTE);
        if (scheduler == null) {
            throw new IllegalStateException("no scheduler in the context: " + SchedulerListener.class.getName()
                    + " (@WebListener) did not run; are annotations scanned?");
        }
        return (ScheduledExecutorService) scheduler;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "webapp-hello-async");
            thread.setDaemon(true);
            return thread;
        });
        event.getServletContext().setAttribute(ATTRIBUTE, scheduler);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Object scheduler = context.getAttribute(ATTRIBUTE);
        context.removeAttribute(ATTRIBUTE);
        if (scheduler != null) {
            ((ScheduledExecutorService) scheduler).shutdownNow();
        }
    }
}
