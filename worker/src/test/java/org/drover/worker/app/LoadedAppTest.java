package org.drover.worker.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.api.Environ;
import org.drover.api.StartResponse;
import org.drover.wire.MountTable;
import org.junit.jupiter.api.Test;

/** Closing apps on a graceful stop: {@link Application#close()}, also for apps written against {@link AutoCloseable}. */
class LoadedAppTest {

    /** An app as apps were written before {@code Application.close()}: it is AutoCloseable. */
    static final class CloseableApp implements Application, AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();
        final List<ClassLoader> closedIn = new ArrayList<>();
        final RuntimeException failure;

        CloseableApp(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Body call(Environ environ, StartResponse startResponse) {
            return Body.empty();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
            closedIn.add(Thread.currentThread().getContextClassLoader());
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** An app that overrides only the new default method. */
    static final class ClosingApp implements Application {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public Body call(Environ environ, StartResponse startResponse) {
            return Body.empty();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** Mounts of (prefix, app, class loader) triples. */
    private static Mounts mounts(Object[]... triples) {
        List<MountTable.Mount> table = new ArrayList<>();
        List<Mounts.Mount> built = new ArrayList<>();
        for (Object[] triple : triples) {
            MountTable.Mount at = new MountTable.Mount((String) triple[0], "app", "x.App", 0);
            table.add(at);
            built.add(new Mounts.Mount(at, (Application) triple[1], (ClassLoader) triple[2]));
        }
        return new Mounts(new MountTable(List.of(List.of()), table), built);
    }

    private static LoadedApp loaded(Application app) {
        return new LoadedApp(app, LoadedAppTest.class.getClassLoader(), "test app");
    }

    @Test
    void anAutoCloseableAppIsClosedExactlyOnce() {
        CloseableApp app = new CloseableApp(null);

        loaded(app).close();

        assertEquals(1, app.closed.get());
    }

    @Test
    void anAppThatOverridesCloseIsClosedOnce() {
        ClosingApp app = new ClosingApp();

        loaded(app).close();

        assertEquals(1, app.closed.get());
    }

    @Test
    void aLambdaAppHasNothingToClose() {
        assertDoesNotThrow(() -> loaded((environ, start) -> Body.empty()).close());
    }

    @Test
    void aFailingCloseIsLoggedNotThrown() {
        CloseableApp app = new CloseableApp(new IllegalStateException("close failed on purpose"));

        assertDoesNotThrow(() -> loaded(app).close());
        assertEquals(1, app.closed.get());
    }

    @Test
    void mountsCloseEveryAppOnceInItsOwnLoaderEvenWhenOneFails() throws Exception {
        try (URLClassLoader first = new URLClassLoader(new URL[0]);
                URLClassLoader second = new URLClassLoader(new URL[0])) {
            CloseableApp failing = new CloseableApp(new IllegalStateException("first fails"));
            CloseableApp failingToo = new CloseableApp(new IllegalStateException("third fails"));
            ClosingApp closing = new ClosingApp();
            Mounts mounts =
                    mounts(new Object[] {"/a", failing, first}, new Object[] {"/bb", closing, second}, new Object[] {
                        "/ccc", failingToo, second
                    });
            ClassLoader before = Thread.currentThread().getContextClassLoader();

            IllegalStateException e = assertThrows(IllegalStateException.class, mounts::close);

            assertEquals(1, failing.closed.get());
            assertEquals(1, closing.closed.get());
            assertEquals(1, failingToo.closed.get());
            assertEquals(List.of(first), failing.closedIn);
            assertEquals(List.of(second), failingToo.closedIn);
            assertEquals("third fails", e.getMessage(), "the longest prefix comes first");
            assertEquals("first fails", e.getSuppressed()[0].getMessage());
            assertSame(before, Thread.currentThread().getContextClassLoader());
        }
    }

    @Test
    void aLoadedAppOfMountsClosesEachAppOnce() {
        CloseableApp app = new CloseableApp(null);
        ClosingApp other = new ClosingApp();
        ClassLoader loader = getClass().getClassLoader();

        loaded(mounts(new Object[] {"", app, loader}, new Object[] {"/x", other, loader}))
                .close();

        assertEquals(1, app.closed.get());
        assertEquals(1, other.closed.get());
    }
}
