package org.drover.servlet;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds the test webapps at test time from {@code src/test/webapp/NAME} into exploded
 * directories under {@code target/webapps}: {@code lib/} is compiled into {@code
 * WEB-INF/lib/NAME-lib.jar} (with its resources), {@code classes/} into {@code WEB-INF/classes},
 * the jars {@code bundle.txt} names are copied from {@code target/webapp-libs} into {@code
 * WEB-INF/lib}, and the rest ({@code WEB-INF/web.xml}, static files) is copied. None of it is
 * on the test class path: only the webapp's own class loader sees it, as in a real WAR.
 */
final class TestWebapps {

    private static final Path SOURCES = Path.of("src/test/webapp");
    private static final Path OUT = Path.of("target/webapps");
    private static final Path LIBS = Path.of("target/webapp-libs");

    /** The webapps built by this test run: one left by an earlier run may be of older sources. */
    private static final java.util.Set<String> BUILT = new java.util.HashSet<>();

    private TestWebapps() {}

    /** The webapp's directory, built once per test run. */
    static synchronized Path dir(String name) {
        try {
            Path dir = OUT.resolve(name).toAbsolutePath();
            if (BUILT.add(name)) {
                build(name, dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void build(String name, Path dir) throws IOException {
        Path src = SOURCES.resolve(name);
        Path tmp = OUT.resolve(name + ".tmp");
        deleteTree(tmp);
        Path webInf = Files.createDirectories(tmp.resolve("WEB-INF"));
        Path lib = Files.createDirectories(webInf.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        Path bundle = src.resolve("bundle.txt");
        if (Files.exists(bundle)) {
            for (String jar : Files.readAllLines(bundle)) {
                if (!jar.isBlank()) {
                    Path copy = Files.copy(LIBS.resolve(jar.strip()), lib.resolve(jar.strip()));
                    classPath.add(copy.toString());
                }
            }
        }
        classPath.add(System.getProperty("java.class.path"));
        if (Files.isDirectory(src.resolve("lib"))) {
            Path libClasses = Files.createDirectories(OUT.resolve(name + ".lib-classes"));
            compile(src.resolve("lib"), libClasses, classPath);
            copyTree(src.resolve("lib"), libClasses, p -> !p.toString().endsWith(".java"));
            Path jar = lib.resolve(name + "-lib.jar");
            jar(libClasses, jar);
            classPath.add(0, jar.toString());
        }
        if (Files.isDirectory(src.resolve("classes"))) {
            compile(src.resolve("classes"), Files.createDirectories(webInf.resolve("classes")), classPath);
        }
        copyTree(src, tmp, p -> {
            String first = src.relativize(p).getName(0).toString();
            return !first.equals("lib") && !first.equals("classes") && !first.equals("bundle.txt");
        });
        deleteTree(dir);
        Files.move(tmp, dir);
    }

    private static void compile(Path srcDir, Path outDir, List<String> classPath) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "-d",
                outDir.toString(),
                "-cp",
                String.join(File.pathSeparator, classPath),
                "--release",
                "17",
                "-proc:none",
                "-nowarn"));
        try (Stream<Path> files = Files.walk(srcDir)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IOException("javac failed for " + srcDir);
        }
    }

    private static void copyTree(Path from, Path to, java.util.function.Predicate<Path> include) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).filter(include)::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void jar(Path dir, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                String name = dir.relativize(p).toString().replace('\\', '/');
                if (name.isEmpty()) {
                    continue;
                }
                out.putNextEntry(new JarEntry(Files.isDirectory(p) ? name + "/" : name));
                if (!Files.isDirectory(p)) {
                    Files.copy(p, out);
                }
                out.closeEntry();
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> files = Files.walk(p)) {
            for (Path q : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
    }
}
