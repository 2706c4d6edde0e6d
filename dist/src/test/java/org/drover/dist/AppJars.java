package org.drover.dist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * App jars built by the tests themselves, compiled with the JDK's compiler against the built
 * distribution's {@code lib/}: a tiny {@code deploy.App} that answers one line, optionally with a
 * library bundled inside, or a constructor that throws.
 */
final class AppJars {

    private final Path work;
    private int builds;

    AppJars(Path work) {
        this.work = work;
    }

    /** An app answering {@code text} (a Java expression), built as {@code jar}. */
    Path app(Path jar, String text, String version) throws IOException {
        return build(jar, Map.of("deploy/App.java", source("", text)), version);
    }

    /** An app whose constructor throws. */
    Path broken(Path jar) throws IOException {
        return build(
                jar,
                Map.of(
                        "deploy/App.java",
                        source("throw new IllegalStateException(\"broken on purpose\");", "\"never\"")),
                "1.0");
    }

    /**
     * An app that bundles its own {@code lib.Version}, answering its value and the option
     * {@code NAME.greeting}, read through the injected {@code Config}; it streams its body, and
     * says so if that runs with another context class loader than its own.
     */
    Path withLibrary(Path jar, String name, String value) throws IOException {
        String app = """
                package deploy;

                public final class App implements org.drover.api.Application {
                    private final String greeting;

                    @jakarta.inject.Inject
                    public App(org.drover.api.Config config) {
                        greeting = config.get("%1$s.greeting", "no greeting");
                    }

                    @Override
                    public org.drover.api.Body call(org.drover.api.Environ environ,
                            org.drover.api.StartResponse start) {
                        start.start(200, "Content-Type", "text/plain");
                        String text = "%1$s sees lib " + lib.Version.value() + ", " + greeting;
                        return new org.drover.api.Body() { // streamed: next() runs after call() returned
                            private boolean sent;

                            @Override
                            public byte[] next() {
                                if (sent) {
                                    return null;
                                }
                                sent = true;
                                boolean own = Thread.currentThread().getContextClassLoader() == App.class.getClassLoader();
                                return (text + (own ? "" : ", but streamed in another loader") + "\\n").getBytes();
                            }
                        };
                    }
                }
                """.formatted(name);
        return build(
                jar,
                Map.of(
                        "deploy/App.java",
                        app,
                        "lib/Version.java",
                        "package lib;\npublic final class Version {\n" + "    public static String value() { return \""
                                + value + "\"; }\n}\n"),
                "1.0");
    }

    private static String source(String constructor, String text) {
        return """
                package deploy;

                public final class App implements org.drover.api.Application {
                    public App() { %s }

                    @Override
                    public org.drover.api.Body call(org.drover.api.Environ environ,
                            org.drover.api.StartResponse start) {
                        start.start(200, "Content-Type", "text/plain");
                        return org.drover.api.Body.of(%s + "\\n");
                    }
                }
                """.formatted(constructor, text);
    }

    private Path build(Path jar, Map<String, String> sources, String version) throws IOException {
        Path src = Files.createDirectories(work.resolve("build-" + ++builds + "/src"));
        Path classes = Files.createDirectories(work.resolve("build-" + builds + "/classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-cp", libraries()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new AssertionError("the test app did not compile: " + args);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
            }
            out.putNextEntry(new JarEntry("META-INF/services/org.drover.api.Application"));
            ((OutputStream) out).write("deploy.App\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static String libraries() throws IOException {
        try (Stream<Path> jars = Files.list(DroverProcess.HOME.resolve("lib"))) {
            return jars.map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        }
    }
}
