package org.drover.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the provider classes that jars list in {@code META-INF/services/<service>}, in the
 * format {@link java.util.ServiceLoader} defines, without ServiceLoader's demand for a public
 * no-argument constructor: an app is built by Guice, so its constructor may take arguments.
 */
final class ServiceFiles {

    private ServiceFiles() {}

    /** The provider classes of a service in the loader's own jars, in order, each once. */
    static <S> List<Class<? extends S>> providers(Class<S> service, ClassLoader loader) throws AppLoadException {
        Set<String> names = new LinkedHashSet<>();
        String file = "META-INF/services/" + service.getName();
        try {
            Enumeration<URL> urls = loader.getResources(file);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        int comment = line.indexOf('#');
                        String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new AppLoadException("cannot read " + file + ": " + e.getMessage());
        }
        List<Class<? extends S>> types = new ArrayList<>();
        for (String name : names) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new AppLoadException(file + " names " + name + ", which cannot be loaded: " + e);
            }
            if (!service.isAssignableFrom(type)) {
                throw new AppLoadException(file + " names " + name + ", which does not implement " + service.getName());
            }
            types.add(type.asSubclass(service));
        }
        return types;
    }
}
