package org.drover.worker;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import org.drover.wire.FrameWriter;
import org.drover.wire.WorkerStats;

/**
 * Reports the worker's JVM figures to the master once a second, so that the master can retire
 * a worker whose heap stays full after collections and show the figures in its stats.
 */
final class Pings extends Thread {

    private static final long PERIOD_MILLIS = 1000;

    private final FrameWriter control;
    private final Slots slots;

    Pings(FrameWriter control, Slots slots) {
        super("drover-ping");
        setDaemon(true);
        this.control = control;
        this.slots = slots;
    }

    @Override
    public void run() {
        while (true) {
            try {
                control.send(stats().toFrame());
                Thread.sleep(PERIOD_MILLIS);
            } catch (IOException | InterruptedException e) {
                return; // the master is gone; the control reader exits the worker
            }
        }
    }

    private WorkerStats stats() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new WorkerStats(
                heap.getUsed(),
                heap.getCommitted(),
                heap.getMax(),
                oldGenerationAfterGc(),
                gcCount,
                gcMillis,
                Thread.activeCount(),
                slots.finished(),
                slots.exceptions());
    }

    /**
     * Bytes left in the old generation after its last collection (the heap pool that no
     * young collection empties), or -1 before its first collection.
     */
    private static long oldGenerationAfterGc() {
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        for (MemoryPoolMXBean pool : pools) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && (name.contains("Old") || name.contains("Tenured"))) {
                MemoryUsage after = pool.getCollectionUsage();
                return after == null || after.getCommitted() == 0 && after.getUsed() == 0 ? -1 : after.getUsed();
            }
        }
        return -1;
    }
}
