package org.drover.worker.app;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of the app jars, and of the servlet container's jars. It shares only the SPI
 * and the injection API with the worker ({@code org.drover.api}, {@code jakarta.inject}, {@code com.google.inject}); everything
 * else, Guice's own dependencies included, is the app's own, so an app may bundle any version
 * of a library the worker also uses.
 */
final class AppClassLoader extends URLClassLoader {

    private static final String[] SHARED = {"org.drover.api.", "jakarta.inject.", "com.google.inject."};

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader worker;

    /** @param name what stack traces and heap dumps call it: {@code drover-app}, {@code drover-servlet} */
    AppClassLoader(String name, URL[] jars, ClassLoader worker) {
        super(name, jars, ClassLoader.getPlatformClassLoader());
        this.worker = worker;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String prefix : SHARED) {
            if (name.startsWith(prefix)) {
                return worker.loadClass(name);
            }
        }
        return super.loadClass(name, resolve);
    }
}
