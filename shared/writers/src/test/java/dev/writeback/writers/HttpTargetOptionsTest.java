package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.output.Target;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpTargetOptionsTest {
    static Target.Http http(Map<String, Object> extra) {
        Map<String, Object> target = new HashMap<>(Map.of("type", "http", "url", "https://ingest.example.com/rows"));
        target.putAll(extra);
        return (Target.Http) Fixtures.spec(Map.of("target", target)).target();
    }

    @Test
    void fourBatchesInFlightAndNoRateLimitByDefault() {
        Target.Http t = http(Map.of());

        assertEquals(4, t.concurrency());
        assertNull(t.maxRequestsPerSecond());
    }

    @Test
    void concurrencyAndRateAreTakenAsGiven() {
        Target.Http t = http(Map.of("concurrency", 32, "maxRequestsPerSecond", 2.5));

        assertEquals(32, t.concurrency());
        assertEquals(2.5, t.maxRequestsPerSecond());
    }

    @Test
    void outOfRangeValuesNameTheField() {
        assertEquals("target.concurrency must be between 1 and 32 (got 0)",
                assertThrows(InvalidInputException.class, () -> http(Map.of("concurrency", 0))).getMessage());
        assertEquals("target.maxRequestsPerSecond must be a number above 0 and at most 10000 (got fast)",
                assertThrows(InvalidInputException.class, () -> http(Map.of("maxRequestsPerSecond", "fast"))).getMessage());
        assertEquals("target.maxRequestsPerSecond must be a number above 0 and at most 10000 (got -1)",
                assertThrows(InvalidInputException.class, () -> http(Map.of("maxRequestsPerSecond", -1))).getMessage());
    }
}
