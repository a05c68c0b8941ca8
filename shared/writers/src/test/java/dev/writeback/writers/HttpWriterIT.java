package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.testing.InMemoryDataPlane;
import dev.writeback.core.testing.RebindingResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpWriterIT {
    record Received(String key, String auth, String body) {
    }

    record Answer(int status, String body) {
    }

    static final List<Column> SCHEMA = List.of(new Column("id", DomoType.LONG), new Column("name", DomoType.STRING));
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> hosts = new CopyOnWriteArrayList<>();
    volatile Function<Received, Answer> behaviour = r -> new Answer(200, "{}");
    LoopbackServer server;
    InMemoryBlobStore blobs;
    StreamingOutputWriters writers;

    @BeforeEach
    void start() throws IOException {
        server = LoopbackServer.start(ex -> {
            try (ex) {
                Received r = new Received(ex.getRequestHeaders().getFirst("Idempotency-Key"),
                        ex.getRequestHeaders().getFirst("Authorization"), LoopbackServer.text(ex));
                received.add(r);
                hosts.add(ex.getRequestHeaders().getFirst("Host"));
                Answer a = behaviour.apply(r);
                ex.getResponseHeaders().add("Retry-After", "0");
                LoopbackServer.reply(ex, a.status(), null, a.body().getBytes(StandardCharsets.UTF_8));
            }
        });
        blobs = new InMemoryBlobStore();
        writers = new StreamingOutputWriters(blobs, WritersSettings.defaults()
                .withInternalTargets(Set.of(server.hostPort()))
                .withHttpRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() {
        writers.close();
        server.close();
    }

    WriteSummary write(int rows, Integer batchSize, Function<Long, String> name) {
        return write(rows, batchSize, name, Map.of());
    }

    WriteSummary write(int rows, Integer batchSize, Function<Long, String> name, Map<String, Object> targetOptions) {
        InMemoryDataPlane plane = new InMemoryDataPlane().add("ds-1", "Orders", SCHEMA, rows, i -> new Object[]{i + 1, name.apply(i + 1)});
        Map<String, Object> target = new HashMap<>(Map.of("type", "http",
                "url", server.baseUri() + "/ingest", "headers", Map.of("Authorization", "Bearer t-1")));
        if (batchSize != null) {
            target.put("batchSize", batchSize);
        }
        target.putAll(targetOptions);
        return writers.write(Fixtures.spec(Map.of("target", target)), plane.openQuery("ds-1", "select * from tbl"));
    }

    static JsonNode json(String s) throws IOException {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void rowsGoOutAsJsonArraysOfAHundredWithAnIdempotencyKeyPerBatch() throws IOException {
        WriteSummary s = write(250, null, i -> "n" + i, Map.of("concurrency", 1));

        assertEquals(List.of("run-7-1", "run-7-2", "run-7-3"), received.stream().map(Received::key).toList());
        assertEquals(List.of(100, 100, 50), received.stream().map(r -> {
            try {
                return json(r.body()).size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList());
        assertEquals("Bearer t-1", received.getFirst().auth());
        assertEquals("{\"id\":1,\"name\":\"n1\"}", json(received.getFirst().body()).get(0).toString());
        assertEquals("{\"id\":250,\"name\":\"n250\"}", json(received.get(2).body()).get(49).toString());
        assertEquals(new WriteSummary(250, received.stream().mapToLong(r -> r.body().getBytes(StandardCharsets.UTF_8).length).sum(),
                server.baseUri() + "/ingest", 0, null, true), s);
    }

    @Test
    void aRefusedBatchIsRetriedRowByRowAndBadRowsGoToTheRejectsFile() {
        behaviour = r -> r.body().contains("\"bad") ? new Answer(422, "{\"error\":\"name must not start with bad\"}") : new Answer(201, "{}");

        WriteSummary s = write(7, 5, i -> i == 2 || i == 6 ? "bad" + i : "ok" + i, Map.of("concurrency", 1));

        assertEquals(5, s.rows());
        assertEquals(2, s.rejected());
        assertEquals("runs/run-7/rejects.jsonl", s.rejectsKey());
        assertEquals(List.of("run-7-1", "run-7-1-1", "run-7-1-2", "run-7-1-3", "run-7-1-4", "run-7-1-5", "run-7-2",
                "run-7-2-1", "run-7-2-2"), received.stream().map(Received::key).toList());
        assertEquals("""
                {"batch":1,"row":{"id":2,"name":"bad2"},"status":422,"reason":"{\\"error\\":\\"name must not start with bad\\"}"}
                {"batch":2,"row":{"id":6,"name":"bad6"},"status":422,"reason":"{\\"error\\":\\"name must not start with bad\\"}"}
                """, blobs.text("runs/run-7/rejects.jsonl"));
    }

    @Test
    void unavailableAndRateLimitedAnswersAreRetriedWithTheSameKey() {
        int[] calls = {0};
        behaviour = r -> ++calls[0] == 1 ? new Answer(503, "busy") : calls[0] == 2 ? new Answer(429, "slow down") : new Answer(200, "{}");

        WriteSummary s = write(3, null, i -> "n" + i);

        assertEquals(3, s.rows());
        assertEquals(0, s.rejected());
        assertNull(s.rejectsKey());
        assertEquals(List.of("run-7-1", "run-7-1", "run-7-1"), received.stream().map(Received::key).toList());
    }

    @Test
    void aServerThatKeepsFailingStopsTheWrite() {
        behaviour = r -> new Answer(500, "database down");

        UpstreamException e = assertThrows(UpstreamException.class, () -> write(150, null, i -> "n" + i, Map.of("concurrency", 1)));

        assertEquals(server.baseUri() + "/ingest failed batch 1 3 times; the write stopped after 0 rows "
                + "(last: HTTP 500 database down)", e.getMessage());
        assertEquals(3, received.size());
        assertFalse(blobs.exists("runs/run-7/rejects.jsonl"));
    }

    @Test
    void refusedCredentialsStopAtOnce() {
        behaviour = r -> new Answer(401, "bad token");

        UpstreamException e = assertThrows(UpstreamException.class, () -> write(10, null, i -> "n" + i));

        assertEquals(server.baseUri() + "/ingest answered 401 to batch 1; the write stopped (bad token)",
                e.getMessage());
        assertEquals(1, received.size());
    }

    @Test
    void everyBatchGoesToTheAddressTheTargetsCheckResolvedNotToWhatTheNameAnswersLater() {
        // the check resolves 127.0.0.1; asked again, the name would answer cloud metadata
        RebindingResolver rebinding = new RebindingResolver("ingest.rebind.test", "127.0.0.1", "169.254.169.254");
        try (StreamingOutputWriters pinned = new StreamingOutputWriters(blobs, WritersSettings.defaults()
                .withGuard(AddressGuard.publicInternetOnly().allowing(Set.of("ingest.rebind.test:" + server.port()))
                        .resolvingWith(rebinding)))) {
            InMemoryDataPlane plane = new InMemoryDataPlane().add("ds-1", "Orders", SCHEMA, 250, i -> new Object[]{i + 1, "n" + i});
            Map<String, Object> target = Map.of("type", "http", "url", "http://ingest.rebind.test:" + server.port() + "/ingest");

            WriteSummary s = pinned.write(Fixtures.spec(Map.of("target", target)), plane.openQuery("ds-1", "select * from tbl"));

            assertEquals(250, s.rows());
            assertEquals(List.of("run-7-1", "run-7-2", "run-7-3"), received.stream().map(Received::key).sorted().toList());
            assertEquals(List.of("ingest.rebind.test:" + server.port()), hosts.stream().distinct().toList());
            assertEquals(1, rebinding.lookups(), "resolved once, by the check; the batches connect to what it answered");
        }
    }
}
