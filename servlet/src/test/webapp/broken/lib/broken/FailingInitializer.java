package broken;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/** Fails as an app whose configuration is missing does. */
public class FailingInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        System.setProperty("test.broken.started", "yes");
        throw new IllegalStateException("no database URL\nsecond line of the message");
    }
}
