package org.drover.webapp.hello;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * A {@code ServletContainerInitializer}, found through {@code META-INF/services} in
 * {@code WEB-INF/classes}, that refuses to start the webapp when its init parameter
 * {@code fail-at-start} is {@code true} ({@code --set NAME.fail-at-start=true} in Drover): the
 * tests of a webapp that fails at load, at first start and during a reload.
 */
public final class FailAtStartInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (Boolean.parseBoolean(context.getInitParameter("fail-at-start"))) {
            throw new IllegalStateException("hello webapp refuses to start (fail-at-start=true)");
        }
    }
}
