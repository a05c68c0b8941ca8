package dev.writeback.writers.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.core.output.WriteOptions;
import dev.writeback.core.output.WriteSpec;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.time.Deadline;
import dev.writeback.writers.StreamingOutputWriters;
import dev.writeback.writers.WritersSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 1M generated rows to a loopback target that answers each request after 50 ms and allows 40 requests/s (a token
 * bucket of 40; above it, 429 with {@code Retry-After: 1}). Prints rows/s against the ideal (40 × batch size) and the
 * server's count of distinct rows, once with {@code maxRequestsPerSecond: 40} and once with adaptive back-off alone.
 */
public final class DeliveryBenchmark {
    static final int ROWS = Integer.getInteger("rows", 1_000_000);
    static final int BATCH = Integer.getInteger("batchSize", 1000);
    static final int CONCURRENCY = 4;
    static final double ALLOWED_PER_SECOND = 40;
    static final long ANSWER_MILLIS = 50;

    public static void main(String[] args) throws Exception {
        Target target = new Target();
        try (LoopbackServer server = LoopbackServer.start(target::handle);
                StreamingOutputWriters writers = new StreamingOutputWriters(new InMemoryBlobStore(), WritersSettings.defaults()
                        .withInternalTargets(Set.of(server.hostPort()))
                        .withHttpRetries(10, Duration.ofMillis(500), Duration.ofSeconds(30)))) {
            double ideal = ALLOWED_PER_SECOND * BATCH;
            System.out.printf(Locale.ROOT, "%,d rows, batches of %,d, concurrency %d; the target answers after %d ms and allows %.0f requests/s:"
                    + " ideal %,.0f rows/s%n", ROWS, BATCH, CONCURRENCY, ANSWER_MILLIS, ALLOWED_PER_SECOND, ideal);
            double paced = run(writers, server, target, Map.of("maxRequestsPerSecond", ALLOWED_PER_SECOND), "maxRequestsPerSecond 40", ideal);
            double adaptive = run(writers, server, target, Map.of(), "adaptive back-off only", ideal);
            System.out.printf(Locale.ROOT, "result: delivery_ratio_to_ideal=%.3f delivery_adaptive_ratio_to_ideal=%.3f%n", paced, adaptive);
        }
    }

    static double run(StreamingOutputWriters writers, LoopbackServer server, Target target, Map<String, Object> extra, String label,
            double ideal) {
        target.reset();
        Map<String, Object> options = new HashMap<>(Map.of("type", "http", "url", server.baseUri() + "/ingest", "batchSize", BATCH,
                "concurrency", CONCURRENCY));
        options.putAll(extra);
        WriteSpec spec = WriteOptions.parse(Map.of("target", options), "big", "Big", Instant.now(),
                Deadline.after(Duration.ofHours(1), Clock.systemUTC())).withRunId("bench-" + System.nanoTime());
        long t0 = System.nanoTime();
        WriteSummary s;
        try (RowCursor c = WritersBenchmark.cursor()) {
            s = writers.write(spec, c);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double rate = s.rows() / secs;
        System.out.printf(Locale.ROOT, "  %-24s %6.2f s  %,8.0f rows/s  %.3f of ideal  %,d requests (%,d answered 429)  "
                + "server: %,d distinct rows, %,d duplicates  written %,d, rejected %d%n", label, secs, rate, rate / ideal,
                target.requests.get(), target.throttled.get(), target.distinct(), target.duplicates.get(), s.rows(), s.rejected());
        return rate / ideal;
    }

    /** The loopback target: a token bucket of 40 requests refilled at 40/s, each answer after 50 ms, rows recorded by id. */
    static final class Target {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong throttled = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        private final BitSet seen = new BitSet(ROWS);
        private double tokens;
        private long refilledAt;

        synchronized void reset() {
            requests.set(0);
            throttled.set(0);
            duplicates.set(0);
            seen.clear();
            tokens = ALLOWED_PER_SECOND;
            refilledAt = System.nanoTime();
        }

        synchronized long distinct() {
            return seen.cardinality();
        }

        private synchronized boolean admit() {
            long now = System.nanoTime();
            tokens = Math.min(ALLOWED_PER_SECOND, tokens + (now - refilledAt) / 1e9 * ALLOWED_PER_SECOND);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }

        private synchronized void record(long id) {
            if (seen.get((int) id)) {
                duplicates.incrementAndGet();
            }
            seen.set((int) id);
        }

        void handle(com.sun.net.httpserver.HttpExchange ex) throws IOException {
            try (ex) {
                requests.incrementAndGet();
                boolean admitted = admit();
                byte[] body = LoopbackServer.body(ex);
                try {
                    Thread.sleep(ANSWER_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (!admitted) {
                    throttled.incrementAndGet();
                    ex.getResponseHeaders().add("Retry-After", "1");
                    LoopbackServer.reply(ex, 429);
                    return;
                }
                try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
                    for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                        if (t == JsonToken.FIELD_NAME && p.getCurrentName().equals("id") && p.getParsingContext().getParent().getParent() != null
                                && p.getParsingContext().getParent().getParent().inRoot()) {
                            p.nextToken();
                            record(p.getLongValue());
                        }
                    }
                }
                LoopbackServer.reply(ex, 200);
            }
        }
    }
}
