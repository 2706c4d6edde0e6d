package org.drover.master.supervise;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import org.drover.master.log.Console;
import org.junit.jupiter.api.Test;

/** The queue of replacements: one per index, a reload's replacing what waited, and what a failed reload drops. */
class ReplacementsTest {

    private final Console console = new Console(new PrintStream(OutputStream.nullOutputStream()));
    private final WorkerTable table = new WorkerTable();
    private final Replacements replacements = new Replacements(table, new Respawns(console), console);

    @Test
    void anIndexIsQueuedForRecyclingOnce() {
        assertTrue(replacements.recycle(1));
        assertTrue(replacements.queued(1));
        assertFalse(replacements.recycle(1), "already queued");
        assertTrue(replacements.recycle(2), "another index is queued beside it");
        assertFalse(replacements.reloadPending());
    }

    @Test
    void aReloadReplacesWhatWaitedForItsIndexAndCanBeDropped() {
        replacements.recycle(1);
        replacements.reload(1);
        replacements.reload(2);
        assertTrue(replacements.reloadPending());
        assertTrue(replacements.queued(1));

        replacements.dropReloads(); // the reload was aborted
        assertFalse(replacements.reloadPending());
        assertFalse(replacements.queued(1), "the recycle that waited was replaced by the reload's, now gone");
        assertFalse(replacements.queued(2));
    }

    @Test
    void aRestoreAfterAnAbortedReloadIsQueuedOnceAndACancelDropsIt() {
        replacements.restore(3);
        replacements.restore(3);
        assertTrue(replacements.queued(3));
        replacements.cancel(3); // SIGTTOU took the index away
        assertFalse(replacements.queued(3));
    }

    @Test
    void advancingWithNoWorkerForTheIndexSkipsIt() {
        replacements.recycle(1);
        replacements.advance(null, index -> {
            throw new AssertionError("no worker to replace, so none is spawned");
        });
        assertFalse(replacements.queued(1));
    }
}
