package org.drover.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.api.Environ;
import org.drover.api.StartResponse;

/**
 * Several apps in one worker, each at a path prefix ({@code mount /billing=BillingApp}): a
 * request goes to the app of the longest prefix that matches, with {@code SCRIPT_NAME} the
 * prefix and {@code PATH_INFO} the rest, as WSGI splits them. No match is a 404.
 */
final class Mounts implements Application {

    /** One app at one prefix, with the class loader it lives in; the root app has the prefix "". */
    record Mount(String prefix, Application app, ClassLoader loader) {}

    private final List<Mount> mounts;

    Mounts(List<Mount> mounts) {
        List<Mount> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt((Mount m) -> m.prefix().length()).reversed());
        this.mounts = List.copyOf(sorted);
    }

    /** The mounts, longest prefix first. */
    List<Mount> mounts() {
        return mounts;
    }

    @Override
    public Body call(Environ environ, StartResponse startResponse) throws Exception {
        String path = environ.pathInfo();
        for (Mount mount : mounts) {
            String prefix = mount.prefix();
            if (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/")) {
                Map<String, String> vars = new HashMap<>(environ.vars());
                vars.put("SCRIPT_NAME", environ.scriptName() + prefix);
                vars.put("PATH_INFO", path.substring(prefix.length()));
                ClassLoader previous = enter(mount.loader());
                try {
                    Body body = mount.app().call(new Environ(vars, environ.headers(), environ.input()), startResponse);
                    return body == null ? null : new InLoader(body, mount.loader());
                } finally {
                    Thread.currentThread().setContextClassLoader(previous);
                }
            }
        }
        startResponse.start(404, "Content-Type", "text/plain");
        return Body.of("404 Not Found: no app is mounted at " + path + "\n");
    }

    /** Closes every app, each in its class loader; one failing does not stop the rest. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (Mount mount : mounts) {
            ClassLoader previous = enter(mount.loader());
            try {
                mount.app().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Makes {@code loader} the thread's context class loader; returns the one it replaced. */
    private static ClassLoader enter(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        return previous;
    }

    /** An app's body, streamed with the app's class loader as the context class loader, as its call was. */
    private record InLoader(Body body, ClassLoader loader) implements Body {

        /** A step of the body, run with the app's class loader. */
        private interface Step<T> {
            T run() throws java.io.IOException;
        }

        private <T> T inLoader(Step<T> step) throws java.io.IOException {
            ClassLoader previous = enter(loader);
            try {
                return step.run();
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }

        @Override
        public byte[] next() throws java.io.IOException {
            return inLoader(body::next);
        }

        @Override
        public long length() {
            try {
                return inLoader(body::length);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // length() throws none
            }
        }

        @Override
        public void close() throws java.io.IOException {
            inLoader(() -> {
                body.close();
                return null;
            });
        }

        /** The body's writer, run with the app's class loader. */
        @Override
        public Optional<Writer> writer() {
            return body.writer().map(writer -> out -> {
                ClassLoader previous = enter(loader);
                try {
                    writer.writeTo(out);
                } finally {
                    Thread.currentThread().setContextClassLoader(previous);
                }
            });
        }
    }
}
