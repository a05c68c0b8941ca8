package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdaptiveWindowTest {
    final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @Test
    void throttledAnswersHalveTheWindowDownToOne() {
        AdaptiveWindow window = new AdaptiveWindow(8, null, clock::get);

        window.throttled(Duration.ZERO);
        assertEquals(4, window.limit());
        window.throttled(Duration.ZERO);
        window.throttled(Duration.ZERO);
        assertEquals(1, window.limit());
        window.throttled(Duration.ZERO);
        assertEquals(1, window.limit());
    }

    @Test
    void successesGrowTheWindowOneAtATimeUpToTheConcurrency() {
        AdaptiveWindow window = new AdaptiveWindow(4, null, clock::get);
        window.throttled(Duration.ZERO);
        window.throttled(Duration.ZERO);
        assertEquals(1, window.limit());

        window.succeeded();
        assertEquals(2, window.limit());
        window.succeeded();
        assertEquals(2, window.limit(), "a window of 2 grows after 2 successes");
        window.succeeded();
        assertEquals(3, window.limit());
        for (int i = 0; i < 20; i++) {
            window.succeeded();
        }
        assertEquals(4, window.limit());
    }

    @Test
    void noMoreBatchesAreInFlightThanTheWindowAllows() throws InterruptedException {
        AdaptiveWindow window = new AdaptiveWindow(2, null, clock::get);

        assertTrue(window.tryAcquire(Duration.ZERO));
        assertTrue(window.tryAcquire(Duration.ZERO));
        assertFalse(window.tryAcquire(Duration.ZERO));
        window.throttled(Duration.ZERO);
        window.release();
        assertFalse(window.tryAcquire(Duration.ZERO), "halved to 1 while 1 is still in flight");
        window.release();
        assertTrue(window.awaitIdle(Duration.ZERO));
        assertTrue(window.tryAcquire(Duration.ZERO));
        assertFalse(window.awaitIdle(Duration.ZERO));
    }

    @Test
    void retryAfterHoldsEveryRequestBackUntilItHasPassed() {
        AdaptiveWindow window = new AdaptiveWindow(4, null, clock::get);
        assertEquals(Duration.ZERO, window.reserveTurn());

        window.throttled(Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(2), window.reserveTurn());
        clock.addAndGet(Duration.ofMillis(1500).toNanos());
        assertEquals(Duration.ofMillis(500), window.reserveTurn());
        clock.addAndGet(Duration.ofMillis(500).toNanos());
        assertEquals(Duration.ZERO, window.reserveTurn());
    }

    @Test
    void aRequestRateSpacesTurnsEvenly() {
        AdaptiveWindow window = new AdaptiveWindow(4, 40.0, clock::get);

        assertEquals(Duration.ZERO, window.reserveTurn());
        assertEquals(Duration.ofMillis(25), window.reserveTurn());
        assertEquals(Duration.ofMillis(50), window.reserveTurn());
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(Duration.ZERO, window.reserveTurn(), "an idle second is not saved up for a burst");
        assertEquals(Duration.ofMillis(25), window.reserveTurn());
    }
}
