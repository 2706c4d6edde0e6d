package org.drover.webapp.spring;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.support.SpringBootServletInitializer;
import org.springframework.context.annotation.Bean;

/**
 * The application, started by the container (no {@code main}: the WAR has no embedded server to run on): the
 * container calls Spring's initializer, which calls {@link #configure}.
 */
@SpringBootApplication
public class SpringWebapp extends SpringBootServletInitializer {

    private static final Log LOG = LogFactory.getLog(SpringWebapp.class);

    @Override
    protected SpringApplicationBuilder configure(SpringApplicationBuilder builder) {
        return builder.sources(SpringWebapp.class);
    }

    /** One log line once the context is up, so tests and measurements can wait for "drover-webapp-spring started". */
    @Bean
    ApplicationRunner startedLine(@Value("${drover.greeting:spring}") String greeting) {
        return arguments -> LOG.info("drover-webapp-spring started, drover.greeting=" + greeting);
    }
}
