package org.drover.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drover.api.Application;
import org.drover.api.Config;
import org.drover.api.WorkerInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container as the worker loads it: this module's jar and its runtime dependencies in a class
 * loader of their own, whose parent is the platform loader and which shares only the SPI and the
 * injection API with the worker, built by Guice; the worker's class path (here the test class
 * path: JUnit, Guava 31, Guice) is never visible to a webapp.
 */
class WorkerLoaderTest {

    static final String[] SHARED = {"org.drover.api.", "jakarta.inject.", "com.google.inject."};
    static URLClassLoader containerLoader;
    static Application container;
    static TestSlot slot;

    /** As the worker's AppClassLoader: shared prefixes from the worker, the rest its own or the platform's. */
    static final class ContainerLoader extends URLClassLoader {
        ContainerLoader(URL[] jars) {
            super("drover-servlet", jars, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            for (String prefix : SHARED) {
                if (name.startsWith(prefix)) {
                    return WorkerLoaderTest.class.getClassLoader().loadClass(name);
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    @BeforeAll
    static void load() throws Exception {
        List<URL> jars = new ArrayList<>();
        jars.add(Path.of("target/classes").toUri().toURL());
        for (String jar : Files.readString(Path.of("target/container-classpath.txt"))
                .strip()
                .split(File.pathSeparator)) {
            jars.add(url(jar));
        }
        containerLoader = new ContainerLoader(jars.toArray(URL[]::new));
        Class<? extends Application> type =
                containerLoader.loadClass("org.drover.servlet.Container").asSubclass(Application.class);
        assertNotSame(Container.class, type, "loaded apart from the test's copy");
        List<Map<String, String>> webapps = List.of(
                Map.of(
                        "name",
                        "alpha",
                        "context",
                        "/alpha",
                        "dir",
                        TestWebapps.dir("alpha").toString()),
                Map.of(
                        "name",
                        "beta",
                        "context",
                        "/beta",
                        "dir",
                        TestWebapps.dir("beta").toString()));
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader()); // the worker's main thread has its own
        try {
            container = Guice.createInjector(new AbstractModule() {
                        @Override
                        protected void configure() {
                            bind(Key.get(
                                            new TypeLiteral<List<Map<String, String>>>() {},
                                            Names.named("drover.webapps")))
                                    .toInstance(webapps);
                            bind(Config.class).toInstance(new Config(Map.of()));
                            bind(WorkerInfo.class).toInstance(new WorkerInfo(2, 4711, 1));
                        }
                    })
                    .getInstance(type);
        } finally {
            thread.setContextClassLoader(before);
        }
        slot = new TestSlot(0);
    }

    private static URL url(String path) {
        try {
            return Path.of(path).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    @AfterAll
    static void close() throws Exception {
        slot.close();
        container.close();
        containerLoader.close();
    }

    @Test
    void aWebappSeesItsOwnLibrariesAndNothingOfTheWorkersClassPath() throws Exception {
        TestResponse r = slot.call(
                container,
                TestRequest.get("/alpha/classes?class=com.google.common.base.Preconditions"
                        + "&class=org.slf4j.LoggerFactory&class=org.junit.jupiter.api.Test&class=org.drover.api.Application"
                        + "&class=com.google.inject.Guice&class=org.eclipse.jetty.server.Server"
                        + "&class=org.eclipse.jetty.logging.JettyLogger&class=jakarta.servlet.Servlet"));
        assertEquals(200, r.status(), r.text());
        assertEquals("alpha-1", r.line("version"));
        assertEquals("WebAppClassLoader > ContainerLoader > PlatformClassLoader > bootstrap", r.line("loaders"));
        assertEquals("guava-33.5.0-jre.jar", r.line("com.google.common.base.Preconditions"));
        assertEquals("slf4j-api-1.7.36.jar", r.line("org.slf4j.LoggerFactory"));
        assertEquals("none", r.line("org.junit.jupiter.api.Test"), "the worker's class path is not visible");
        assertEquals("none", r.line("org.drover.api.Application"));
        assertEquals("none", r.line("com.google.inject.Guice"));
        assertEquals("none", r.line("org.eclipse.jetty.server.Server"), "Jetty's classes are hidden");
        assertEquals("none", r.line("org.eclipse.jetty.logging.JettyLogger"));
        assertEquals("jakarta.servlet-api-6.1.0.jar", r.line("jakarta.servlet.Servlet"));
    }

    @Test
    void aWebappWithoutItsOwnLibrariesDoesNotSeeTheWorkersEither() throws Exception {
        TestResponse r = slot.call(
                container,
                TestRequest.get("/beta/classes?class=com.google.common.base.Preconditions&class=shared.Version"));
        assertEquals("beta-2", r.line("version"));
        assertEquals("none", r.line("com.google.common.base.Preconditions"));
        assertFalse(r.text().contains("SYSTEM"), r.text());
    }

    @Test
    void theContainersLoggingIsHiddenItsServiceFilesToo() throws Exception {
        TestResponse r = slot.call(
                container,
                TestRequest.get("/beta/classes?class=org.slf4j.LoggerFactory"
                        + "&resource=META-INF/services/org.slf4j.spi.SLF4JServiceProvider"));
        assertEquals("none", r.line("org.slf4j.LoggerFactory"), r.text());
        // a webapp's own slf4j 2 would find Jetty's provider through its parent, and fail to load it
        assertEquals("none", r.line("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"), r.text());
        assertFalse(r.text().contains("SYSTEM"), r.text());
    }
}
