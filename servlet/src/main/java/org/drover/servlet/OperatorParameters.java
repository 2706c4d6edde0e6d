package org.drover.servlet;

import java.util.Map;
import org.eclipse.jetty.ee11.webapp.AbstractConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.ee11.webapp.WebXmlConfiguration;

/**
 * The operator's {@code NAME.key} values as the webapp's context init parameters, over any
 * {@code <context-param>} of the same name in its {@code web.xml}: Jetty reads the descriptors
 * after the context's own parameters are set, so these are set again after them, by a
 * descriptor processor that comes after web.xml's.
 */
final class OperatorParameters extends AbstractConfiguration {

    private final Map<String, String> parameters;

    OperatorParameters(Map<String, String> parameters) {
        super(new Builder().addDependencies(WebXmlConfiguration.class));
        this.parameters = Map.copyOf(parameters);
    }

    @Override
    public void preConfigure(WebAppContext context) {
        parameters.forEach(context::setInitParameter); // for what runs before the descriptors
    }

    @Override
    public void configure(WebAppContext context) {
        context.getMetaData()
                .addDescriptorProcessor((webapp, descriptor) -> parameters.forEach(webapp::setInitParameter));
    }
}
