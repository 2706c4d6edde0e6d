package app.lib;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import java.util.Set;
import java.util.TreeSet;

@HandlesTypes(Plugin.class)
public class PluginInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        TreeSet<String> names = new TreeSet<>();
        if (classes != null)
            for (Class<?> c : classes)
                names.add(c.getSimpleName());
        ctx.setAttribute("plugins", String.join(",", names));
    }
}
