package org.drover.testapps;

import com.google.inject.AbstractModule;
import com.google.inject.name.Names;

/** A Guice module the jar lists in META-INF/services, to show that the worker installs it. */
public final class FaultyModule extends AbstractModule {

    @Override
    protected void configure() {
        bindConstant().annotatedWith(Names.named("faulty.module")).to("bound by FaultyModule");
    }
}
