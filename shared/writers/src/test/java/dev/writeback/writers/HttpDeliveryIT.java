package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.testing.InMemoryDataPlane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batches in flight together against a target that also throttles: every row arrives once, counts stay exact. */
class HttpDeliveryIT {
    static final List<Column> SCHEMA = List.of(new Column("id", DomoType.LONG), new Column("name", DomoType.STRING));
    static final Set<Long> BAD = Set.of(101L, 555L, 999L);

    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final CountDownLatch twoArrived = new CountDownLatch(2);
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final Map<String, Integer> firstBodyBytes = new ConcurrentHashMap<>();
    final List<Long> accepted = new CopyOnWriteArrayList<>();
    volatile String refusedKey;
    LoopbackServer server;
    InMemoryBlobStore blobs;
    StreamingOutputWriters writers;

    @BeforeEach
    void start() throws IOException {
        server = LoopbackServer.start(ex -> {
            try (ex) {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    twoArrived.countDown();
                    // the first request waits for a second one, so a writer that sends one at a time is seen as such
                    twoArrived.await(10, TimeUnit.SECONDS);
                    String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
                    String body = LoopbackServer.text(ex);
                    firstBodyBytes.putIfAbsent(key, body.getBytes(StandardCharsets.UTF_8).length);
                    int[] answer = answer(key, body);
                    // counted out before the answer goes, so the next request of the same sender cannot overlap it here
                    inFlight.decrementAndGet();
                    if (answer[1] >= 0) {
                        ex.getResponseHeaders().add("Retry-After", String.valueOf(answer[1]));
                    }
                    LoopbackServer.reply(ex, answer[0], null, "{}".getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        blobs = new InMemoryBlobStore();
        writers = new StreamingOutputWriters(blobs, WritersSettings.defaults()
                .withInternalTargets(Set.of(server.hostPort()))
                .withHttpRetries(5, Duration.ofMillis(1), Duration.ofMillis(20)));
    }

    /** {status, Retry-After or -1}: every 3rd batch is first rate limited, every 4th then unavailable; bad rows are refused. */
    int[] answer(String key, String body) throws IOException {
        if (key.equals(refusedKey)) {
            return new int[]{401, -1};
        }
        String[] parts = key.split("-");
        int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (parts.length == 3) {
            int batch = Integer.parseInt(parts[2]);
            int limited = batch % 3 == 0 ? 1 : 0;
            if (limited == 1 && attempt == 1) {
                return new int[]{429, 0};
            }
            if (batch % 4 == 0 && attempt == limited + 1) {
                return new int[]{503, -1};
            }
        }
        JsonNode rows = Json.MAPPER.readTree(body);
        List<Long> ids = new ArrayList<>();
        for (JsonNode row : rows) {
            if (BAD.contains(row.get("id").asLong())) {
                return new int[]{422, -1};
            }
            ids.add(row.get("id").asLong());
        }
        accepted.addAll(ids);
        return new int[]{200, -1};
    }

    @AfterEach
    void stop() {
        writers.close();
        server.close();
    }

    WriteSummary write(int rows, int batchSize, int concurrency) {
        InMemoryDataPlane plane = new InMemoryDataPlane().add("ds-1", "Orders", SCHEMA, rows, i -> new Object[]{i + 1, "n" + (i + 1)});
        Map<String, Object> target = Map.of("type", "http", "url", server.baseUri() + "/ingest", "batchSize", batchSize,
                "concurrency", concurrency);
        return writers.write(Fixtures.spec(Map.of("target", target)), plane.openQuery("ds-1", "select * from tbl"));
    }

    @Test
    void batchesGoOutTogetherAndEveryRowArrivesOnceDespiteThrottlingAndBadRows() throws IOException {
        WriteSummary s = write(1000, 20, 4);

        assertTrue(maxInFlight.get() > 1, "batches went out one at a time");
        assertTrue(maxInFlight.get() <= 4, "more than 4 requests in flight: " + maxInFlight.get());
        assertEquals(LongStream.rangeClosed(1, 1000).filter(i -> !BAD.contains(i)).boxed().toList(),
                accepted.stream().sorted().toList());
        assertEquals(997, s.rows());
        assertEquals(3, s.rejected());
        assertEquals(firstBodyBytes.values().stream().mapToLong(Integer::longValue).sum(), s.bytes(),
                "each body counted once, however often it was retried");
        assertEquals(2, attempts.get("run-7-3").get(), "rate limited, then accepted");
        assertEquals(3, attempts.get("run-7-12").get(), "rate limited, unavailable, then accepted");
        List<Long> rejectedIds = new ArrayList<>();
        for (String line : blobs.text("runs/run-7/rejects.jsonl").split("\n")) {
            JsonNode reject = Json.MAPPER.readTree(line);
            assertEquals(422, reject.get("status").asInt());
            assertEquals((reject.get("row").get("id").asLong() - 1) / 20 + 1, reject.get("batch").asLong());
            rejectedIds.add(reject.get("row").get("id").asLong());
        }
        assertEquals(List.of(101L, 555L, 999L), rejectedIds.stream().sorted().toList());
    }

    @Test
    void oneAtATimeWhenTheConcurrencyIsOne() {
        twoArrived.countDown();
        twoArrived.countDown();

        WriteSummary s = write(100, 20, 1);

        assertEquals(1, maxInFlight.get());
        assertEquals(100, s.rows());
    }

    @Test
    void aFatalAnswerToOneBatchStopsTheOthers() {
        refusedKey = "run-7-7";

        UpstreamException e = assertThrows(UpstreamException.class, () -> write(2000, 10, 4));

        assertEquals(server.baseUri() + "/ingest answered 401 to batch 7; the write stopped ({})", e.getMessage());
        assertTrue(attempts.size() < 200, "batches after the failure were not sent: " + attempts.size());
    }
}
