package dev.writeback.writers;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many HTTP batches may be in flight, and when the next request may go. The window starts at {@code concurrency},
 * halves on each 429/503 (never below 1), and grows by one after as many successes in a row as it is wide (never above
 * {@code concurrency}). A throttled answer's {@code Retry-After} pauses every sender; {@code maxRequestsPerSecond}
 * spaces requests evenly. Thread-safe.
 */
final class AdaptiveWindow {
    private final int concurrency;
    private final long nanosPerRequest;
    private final LongSupplier nanoTime;
    private int limit;
    private int inFlight;
    private int successes;
    private long pausedUntil;
    private long nextSlot;

    AdaptiveWindow(int concurrency, Double maxRequestsPerSecond, LongSupplier nanoTime) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.concurrency = concurrency;
        this.nanosPerRequest = maxRequestsPerSecond == null ? 0 : (long) (1e9 / maxRequestsPerSecond);
        this.nanoTime = nanoTime;
        this.limit = concurrency;
        long now = nanoTime.getAsLong();
        this.pausedUntil = now;
        this.nextSlot = now;
    }

    /** Takes a place for a batch, waiting at most {@code timeout} for one; false when none came free in that time. */
    synchronized boolean tryAcquire(Duration timeout) throws InterruptedException {
        long waitUntil = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (inFlight >= limit) {
            long left = waitUntil - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        inFlight++;
        return true;
    }

    synchronized void release() {
        inFlight--;
        notifyAll();
    }

    /** Waits at most {@code timeout} until no batch is in flight; false when some still are. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long waitUntil = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (inFlight > 0) {
            long left = waitUntil - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Reserves the next request's turn and answers how long to wait for it (zero: send now). */
    synchronized Duration reserveTurn() {
        long now = nanoTime.getAsLong();
        long at = Math.max(now, pausedUntil);
        if (nanosPerRequest > 0) {
            at = Math.max(at, nextSlot);
            nextSlot = at + nanosPerRequest;
        }
        return Duration.ofNanos(at - now);
    }

    /** A 429 or 503: halve the window and hold every request back for {@code retryAfter}. */
    synchronized void throttled(Duration retryAfter) {
        limit = Math.max(1, limit / 2);
        successes = 0;
        pausedUntil = Math.max(pausedUntil, nanoTime.getAsLong() + retryAfter.toNanos());
    }

    synchronized void succeeded() {
        if (limit < concurrency && ++successes >= limit) {
            limit++;
            successes = 0;
        }
    }

    synchronized int limit() {
        return limit;
    }
}
