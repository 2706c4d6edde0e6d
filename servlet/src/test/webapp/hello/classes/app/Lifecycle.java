package app;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/** Records in System properties that the context was initialized and destroyed (by its path). */
public class Lifecycle implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent sce) {
        System.setProperty("test.initialized" + sce.getServletContext().getContextPath(), "yes");
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        System.setProperty("test.destroyed" + sce.getServletContext().getContextPath(), "yes");
    }
}
