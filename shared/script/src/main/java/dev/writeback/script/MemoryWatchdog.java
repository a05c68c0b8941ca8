package dev.writeback.script;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.NotificationEmitter;

/**
 * One per JVM: stops the running scripts when the heap is nearly full of live objects, before the JVM spends its
 * time collecting garbage in vain (which stalls every other request of the process for minutes) or throws an
 * {@link OutOfMemoryError} somewhere else. It watches the old-generation pool (G1 Old Gen, Tenured Gen, PS Old
 * Gen…): when the memory still used after a collection passes {@link #THRESHOLD} of the pool's maximum (a
 * {@code MEMORY_COLLECTION_THRESHOLD_EXCEEDED} notification, and a check every {@link #POLL_MILLIS} ms in case the
 * collector reports late), every script running then is cancelled; each ends {@code LIMIT} "script exceeded the
 * memory available to scripts". A script cannot be weighed on its own (GraalJS community has no per-context heap
 * accounting), so all the running ones stop; in a Lambda container that is the one run. Their contexts are closed,
 * their objects become garbage, and the JVM goes on serving. It acts again only after a collection has found the pool
 * below the threshold (the stopped scripts' garbage must not stop the next script).
 */
final class MemoryWatchdog {
    /** Share of the old generation's maximum that live objects may fill before scripts are stopped. */
    static final double THRESHOLD = 0.8;
    static final long POLL_MILLIS = 100;

    private static final Logger LOG = Logger.getLogger(MemoryWatchdog.class.getName());
    private static final MemoryWatchdog INSTANCE = new MemoryWatchdog();

    private final MemoryPoolMXBean pool;
    private final long threshold;
    private final Set<Runnable> watched = new LinkedHashSet<>();
    /**
     * Set when scripts were stopped; cleared once a collection finds the pool below the threshold again. Until then the
     * stopped scripts' garbage still counts as used, and a script started meanwhile must not pay for it.
     */
    private boolean tripped;

    static MemoryWatchdog get() {
        return INSTANCE;
    }

    private MemoryWatchdog() {
        this.pool = oldGeneration();
        long max = pool == null ? -1 : pool.getUsage().getMax();
        this.threshold = max > 0 ? (long) (max * THRESHOLD) : -1;
        if (threshold < 0) {
            LOG.warning("No old-generation heap pool with a maximum and collection-usage thresholds: scripts are not"
                    + " stopped before the heap fills (only GraalJS's own OutOfMemoryError handling applies)");
            return;
        }
        pool.setCollectionUsageThreshold(threshold);
        if (ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter) {
            emitter.addNotificationListener((notification, handback) -> {
                if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                    check();
                }
            }, null, null);
        }
        Thread.ofPlatform().daemon().name("script-memory-watchdog").start(() -> {
            while (true) {
                try {
                    Thread.sleep(POLL_MILLIS);
                    check();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "The script memory watchdog failed a check", e);
                }
            }
        });
    }

    /** The heap pool that holds long-lived objects: the largest one whose collection usage can be watched. */
    private static MemoryPoolMXBean oldGeneration() {
        List<MemoryPoolMXBean> candidates = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported() && p.getUsage().getMax() > 0) {
                candidates.add(p);
            }
        }
        return candidates.stream()
                .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                .findFirst()
                .orElse(candidates.stream().max(Comparator.comparingLong(p -> p.getUsage().getMax())).orElse(null));
    }

    /** Whether the watchdog can act in this JVM. */
    boolean active() {
        return threshold > 0;
    }

    /** Bytes of the old generation that, still live after a collection, stop the scripts. */
    long threshold() {
        return threshold;
    }

    /**
     * Watches a running script: {@code stop} is called (once, on another thread) if memory runs out while it runs.
     * Close the returned handle when the script has ended.
     */
    AutoCloseable watch(Runnable stop) {
        synchronized (watched) {
            watched.add(stop);
        }
        return () -> {
            synchronized (watched) {
                watched.remove(stop);
            }
        };
    }

    /**
     * A script it stopped has been closed: its objects are garbage now. They are collected at once, so that the next
     * reading is of live objects only and a script started next is neither stopped for them nor slowed by them.
     */
    void released() {
        System.gc();
    }

    private void check() {
        if (threshold < 0) {
            return;
        }
        MemoryUsage afterGc = pool.getCollectionUsage();
        if (afterGc == null) {
            return;
        }
        List<Runnable> stops;
        synchronized (watched) {
            if (afterGc.getUsed() < threshold) {
                tripped = false;
                return;
            }
            if (tripped || watched.isEmpty()) {
                return;
            }
            tripped = true;
            stops = new ArrayList<>(watched);
            watched.clear();
        }
        LOG.warning(() -> pool.getName() + " holds " + (afterGc.getUsed() >> 20) + " MB after a collection (threshold "
                + (threshold >> 20) + " MB of " + (afterGc.getMax() >> 20) + " MB): stopping " + stops.size()
                + " running script(s)");
        for (Runnable stop : stops) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Stopping a script for memory failed", e);
            }
        }
    }
}
