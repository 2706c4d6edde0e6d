package org.drover.dist;

import java.time.Duration;
import java.util.function.Predicate;

/** Polls something until it shows what a test waits for; fails, with the last value, after a timeout. */
final class Poll {

    /** Reads a value; may throw. */
    @FunctionalInterface
    interface Probe<T> {
        T read() throws Exception;
    }

    private Poll() {}

    static <T> T until(Probe<T> probe, Predicate<T> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.read();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not there within " + timeout + "; last: " + value);
            }
            Thread.sleep(50);
        }
    }
}
