package org.drover.worker.app;

import com.google.inject.AbstractModule;
import com.google.inject.name.Names;
import java.util.Map;
import org.drover.api.Config;
import org.drover.api.WorkerInfo;

/** What the worker offers apps for injection: the config, its values as {@code @Named}, and the worker info. */
final class WorkerModule extends AbstractModule {

    private final Map<String, String> values;
    private final WorkerInfo info;

    WorkerModule(Map<String, String> values, WorkerInfo info) {
        this.values = values;
        this.info = info;
    }

    @Override
    protected void configure() {
        bind(Config.class).toInstance(new Config(values));
        bind(WorkerInfo.class).toInstance(info);
        // Constants, so that Guice converts them: @Named("hello.sleep") int works as well as String.
        values.forEach(
                (name, value) -> bindConstant().annotatedWith(Names.named(name)).to(value));
    }
}
