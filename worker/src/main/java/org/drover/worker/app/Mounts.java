package org.drover.worker.app;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.api.Environ;
import org.drover.api.StartResponse;
import org.drover.wire.MountTable;

/**
 * Several apps in one worker, each at a path prefix: a request goes to the app of the mount
 * that the master's {@link MountTable} matches (the longest prefix that covers the path), with
 * {@code SCRIPT_NAME} the prefix and {@code PATH_INFO} the rest, as WSGI splits them, and the
 * app's class loader as the thread's context class loader. No match is a 404.
 */
public final class Mounts implements Application {

    /** One built app at its mount, with the class loader it lives in. */
    public record Mount(MountTable.Mount where, Application app, ClassLoader loader) {}

    private final MountTable table;
    private final Map<MountTable.Mount, Mount> apps = new HashMap<>();

    /** @param built an app for every mount of the table */
    public Mounts(MountTable table, List<Mount> built) {
        this.table = table;
        for (Mount mount : built) {
            apps.put(mount.where(), mount);
        }
        if (!apps.keySet().equals(new java.util.HashSet<>(table.mounts()))) {
            throw new IllegalArgumentException("an app for each mount of " + table.mounts() + ", got " + built);
        }
    }

    @Override
    public Body call(Environ environ, StartResponse startResponse) throws Exception {
        String path = environ.pathInfo();
        Optional<MountTable.Mount> where = table.match(path);
        if (where.isEmpty()) {
            startResponse.start(404, "Content-Type", "text/plain");
            return Body.of("404 Not Found: no app is mounted at " + path + "\n");
        }
        Mount mount = apps.get(where.get());
        String prefix = mount.where().prefix();
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

    /**
     * Closes every app once (the servlet container serves several mounts), each in its class
     * loader; one failing does not stop the rest.
     */
    @Override
    public void close() throws Exception {
        Exception first = null;
        java.util.Set<Application> closed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (MountTable.Mount where : table.mounts()) {
            Mount mount = apps.get(where);
            if (!closed.add(mount.app())) {
                continue;
            }
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

        @Override
        public boolean buffered() {
            return body.buffered();
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
