package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.testing.InMemoryDataPlane;
import dev.writeback.core.testing.RebindingResolver;
import dev.writeback.testing.aws.S3ProxyExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

class S3WriterIT {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension("exports");
    static StreamingOutputWriters writers;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        writers = new StreamingOutputWriters(new InMemoryBlobStore(), WritersSettings.defaults()
                .withInternalTargets(Set.of("127.0.0.1:" + S3.endpoint().getPort()))
                .withS3PartSize(WritersSettings.MIN_PART_SIZE));
    }

    @AfterAll
    static void stop() {
        writers.close();
    }

    static Map<String, Object> target(String key) {
        Map<String, Object> t = new HashMap<>(Map.of("type", "s3", "bucket", S3.bucket(), "key", key, "region", "us-east-1",
                "accessKey", S3ProxyExtension.ACCESS_KEY, "secretKey", S3ProxyExtension.SECRET_KEY,
                "endpoint", S3.endpoint().toString()));
        return t;
    }

    static byte[] object(String key) {
        return S3.client().getObjectAsBytes(r -> r.bucket(S3.bucket()).key(key)).asByteArray();
    }

    static List<String> keys() {
        return S3.client().listObjectsV2(r -> r.bucket(S3.bucket())).contents().stream().map(o -> o.key()).toList();
    }

    @Test
    void csvLandsAtTheRenderedKeyInDomosDialect() {
        WriteSummary s = writers.write(Fixtures.spec(Map.of("target", target("out/{date:yyyy/MM/dd}/{datasetName}-{date-1:yyyyMMdd}.csv"))),
                Fixtures.cursor());

        assertEquals("s3://" + S3.bucket() + "/out/2024/03/01/Orders-20240229.csv", s.location());
        assertEquals(5, s.rows());
        assertTrue(s.published());
        String csv = new String(object("out/2024/03/01/Orders-20240229.csv"), StandardCharsets.UTF_8);
        assertEquals(Fixtures.CSV, csv);
        assertEquals(csv.getBytes(StandardCharsets.UTF_8).length, s.bytes());
    }

    @Test
    void gzippedJsonLinesReadBackExactly() throws IOException {
        writers.write(Fixtures.spec(Map.of("target", target("out/{datasetId}.jsonl.gz"),
                "format", Map.of("type", "jsonl", "gzip", true))), Fixtures.cursor());

        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(object("out/ds-1.jsonl.gz")))) {
            assertEquals("""
                    {"name":"Ann","qty":3,"price":1.5,"amount":10.25,"day":"2024-01-02","at":"2024-01-02T03:04:05"}
                    {"name":"","qty":null,"price":2.0,"amount":null,"day":null,"at":null}
                    {"name":"say \\"hi\\", ok","qty":-7,"price":0.1,"amount":-0.5,"day":"1999-12-31","at":"2000-01-01T00:00:00"}
                    {"name":"two\\nlines","qty":0,"price":null,"amount":12345678901234567890.123,"day":null,"at":"2024-02-29T23:59:59"}
                    {"name":null,"qty":null,"price":null,"amount":null,"day":null,"at":null}
                    """, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void parquetReadsBackWithTypesAndNulls() throws IOException {
        writers.write(Fixtures.spec(Map.of("target", target("out/orders.parquet"), "format", Map.of("type", "parquet"))),
                Fixtures.cursor());

        List<Group> rows = readParquet(object("out/orders.parquet"));
        assertEquals(5, rows.size());
        assertEquals("""
                message row {
                  optional binary name (STRING);
                  optional int64 qty;
                  optional double price;
                  optional binary amount (STRING);
                  optional int32 day (DATE);
                  optional int64 at (TIMESTAMP(MILLIS,true));
                }
                """, rows.getFirst().getType().toString());
        Group ann = rows.get(0);
        assertEquals("Ann", ann.getString("name", 0));
        assertEquals(3L, ann.getLong("qty", 0));
        assertEquals(1.5, ann.getDouble("price", 0));
        assertEquals("10.25", ann.getString("amount", 0));
        assertEquals(LocalDate.of(2024, 1, 2).toEpochDay(), ann.getInteger("day", 0));
        assertEquals(Instant.parse("2024-01-02T03:04:05Z").toEpochMilli(), ann.getLong("at", 0));
        Group empty = rows.get(1);
        assertEquals("", empty.getString("name", 0));
        assertEquals(0, empty.getFieldRepetitionCount("qty"));
        assertEquals("12345678901234567890.123", rows.get(3).getString("amount", 0));
        Group allNull = rows.get(4);
        for (int i = 0; i < 6; i++) {
            assertEquals(0, allNull.getFieldRepetitionCount(i));
        }
    }

    private List<Group> readParquet(byte[] bytes) throws IOException {
        return Fixtures.parquetRows(Files.write(tmp.resolve("read.parquet"), bytes));
    }

    @Test
    void multipartOutputIsCompleteAndExact() {
        // ~9 MB of CSV: two 5 MiB parts
        InMemoryDataPlane plane = new InMemoryDataPlane().add("big", "Big", List.of(new Column("n", DomoType.LONG),
                new Column("text", DomoType.STRING)), 150_000, i -> new Object[]{i, "row-" + i + "-abcdefghijklmnopqrstuvwxyz0123456789"});
        WriteSummary s = writers.write(Fixtures.spec(Map.of("target", target("big.csv"), "format", Map.of("header", false))),
                plane.openQuery("big", "select * from tbl"));

        byte[] bytes = object("big.csv");
        assertEquals(s.bytes(), bytes.length);
        assertTrue(bytes.length > WritersSettings.MIN_PART_SIZE, "more than one part: " + bytes.length);
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        assertEquals(150_000, lines.length);
        assertEquals("0,row-0-abcdefghijklmnopqrstuvwxyz0123456789", lines[0]);
        assertEquals("149999,row-149999-abcdefghijklmnopqrstuvwxyz0123456789", lines[149_999]);
    }

    @Test
    void noOverwriteFailsClearlyAndKeepsTheObject() {
        S3.client().putObject(r -> r.bucket(S3.bucket()).key("kept.csv"), RequestBody.fromString("old"));
        Map<String, Object> t = target("kept.csv");
        t.put("overwrite", false);

        ConflictException e = assertThrows(ConflictException.class, () -> writers.write(Fixtures.spec(Map.of("target", t)),
                Fixtures.cursor()));

        assertEquals("s3://" + S3.bucket() + "/kept.csv already exists and target.overwrite is false; nothing was written", e.getMessage());
        assertEquals("old", new String(object("kept.csv"), StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyResultLeavesTheTargetUnlessAllowed() {
        S3.client().putObject(r -> r.bucket(S3.bucket()).key("empty.csv"), RequestBody.fromString("previous"));
        InMemoryDataPlane none = new InMemoryDataPlane().add("ds-1", "Orders", Fixtures.SCHEMA, 0, i -> null);

        WriteSummary skipped = writers.write(Fixtures.spec(Map.of("target", target("empty.csv"))), none.openQuery("ds-1", "select * from tbl"));
        assertFalse(skipped.published());
        assertEquals("previous", new String(object("empty.csv"), StandardCharsets.UTF_8));

        WriteSummary allowed = writers.write(Fixtures.spec(Map.of("target", target("empty.csv"), "allowEmpty", true)),
                none.openQuery("ds-1", "select * from tbl"));
        assertTrue(allowed.published());
        assertEquals("name,qty,price,amount,day,at\n", new String(object("empty.csv"), StandardCharsets.UTF_8));
    }

    @Test
    void aTargetFailingMidUploadLeavesThePreviousObjectAndNothingElse() throws IOException {
        S3.client().putObject(r -> r.bucket(S3.bucket()).key("flaky/out.csv"), RequestBody.fromString("previous run"));
        List<String> before = keys();
        InMemoryDataPlane plane = new InMemoryDataPlane().add("big", "Big", List.of(new Column("n", DomoType.LONG),
                new Column("text", DomoType.STRING)), 300_000, i -> new Object[]{i, "row-" + i + "-abcdefghijklmnopqrstuvwxyz0123456789"});
        try (DroppingProxy proxy = new DroppingProxy(S3.endpoint().getPort(), 7L * 1024 * 1024);
             StreamingOutputWriters viaProxy = new StreamingOutputWriters(new InMemoryBlobStore(), WritersSettings.defaults()
                     .withInternalTargets(Set.of("127.0.0.1:" + proxy.port())).withS3PartSize(WritersSettings.MIN_PART_SIZE))) {
            Map<String, Object> t = target("flaky/out.csv");
            t.put("endpoint", "http://127.0.0.1:" + proxy.port());

            UpstreamException e = assertThrows(UpstreamException.class, () -> viaProxy.write(Fixtures.spec(Map.of("target", t)),
                    plane.openQuery("big", "select * from tbl")));

            assertTrue(proxy.dropped());
            assertTrue(e.getMessage().startsWith("Could not upload a part of s3://" + S3.bucket() + "/flaky/out.csv: S3 did not answer"), e.getMessage());
        }
        assertEquals("previous run", new String(object("flaky/out.csv"), StandardCharsets.UTF_8));
        assertEquals(before, keys());
    }

    @Test
    void internalEndpointsAreRefusedUnlessAllowed() {
        try (StreamingOutputWriters strict = StreamingOutputWriters.create(new InMemoryBlobStore())) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> strict.write(Fixtures.spec(Map.of("target", target("x.csv"))), Fixtures.cursor()));
            assertEquals("target.endpoint must use https (got http://127.0.0.1:" + S3.endpoint().getPort() + ")", e.getMessage());
        }
    }

    @Test
    void aCustomEndpointIsReachedAtTheAddressItsCheckResolvedNotAtWhatTheNameAnswersLater() {
        // the check resolves 127.0.0.1; asked again, the name would answer cloud metadata
        RebindingResolver rebinding = new RebindingResolver("s3.rebind.test", "127.0.0.1", "169.254.169.254");
        try (StreamingOutputWriters pinned = new StreamingOutputWriters(new InMemoryBlobStore(), WritersSettings.defaults()
                .withGuard(AddressGuard.publicInternetOnly().allowing(Set.of("s3.rebind.test:" + S3.endpoint().getPort()))
                        .resolvingWith(rebinding)))) {
            Map<String, Object> t = target("rebound/out.csv");
            t.put("endpoint", "http://s3.rebind.test:" + S3.endpoint().getPort());

            WriteSummary s = pinned.write(Fixtures.spec(Map.of("target", t)), Fixtures.cursor());

            assertTrue(s.published());
            assertEquals(Fixtures.CSV, new String(object("rebound/out.csv"), StandardCharsets.UTF_8));
            assertEquals(1, rebinding.lookups(), "resolved once, by the check; the S3 client connects to what it answered");
        }
    }
}
