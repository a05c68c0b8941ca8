package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.testing.InMemoryDataPlane;
import dev.writeback.testing.aws.S3ProxyExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One million rows to S3 as CSV.gz and as Parquet, in a JVM with a 192 MB heap (its own failsafe execution): the rows
 * (~300 MB as Java objects) exist one at a time, so the writes only pass if nothing holds them.
 */
class LargeWriteIT {
    static final int ROWS = 1_000_000;
    static final List<Column> SCHEMA = List.of(new Column("id", DomoType.LONG), new Column("name", DomoType.STRING),
            new Column("note", DomoType.STRING), new Column("amount", DomoType.DOUBLE), new Column("day", DomoType.DATE),
            new Column("at", DomoType.DATETIME));

    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension("large");

    static Object[] row(long i) {
        return new Object[]{i, "customer-" + (i % 5000), i % 7 == 0 ? null : "note " + Long.toHexString(i * 2654435761L) + " lorem ipsum dolor",
                (i % 10_000) / 100.0, LocalDate.of(2024, 1, 1).plusDays(i % 365), LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i)};
    }

    static InMemoryDataPlane plane() {
        return new InMemoryDataPlane().add("big", "Big", SCHEMA, ROWS, LargeWriteIT::row);
    }

    static Map<String, Object> target(String key) {
        return new HashMap<>(Map.of("type", "s3", "bucket", S3.bucket(), "key", key, "region", "us-east-1",
                "accessKey", S3ProxyExtension.ACCESS_KEY, "secretKey", S3ProxyExtension.SECRET_KEY, "endpoint", S3.endpoint().toString()));
    }

    @Test
    void aMillionRowsStreamAsCsvGzAndParquetUnderASmallHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap <= 256L * 1024 * 1024, "this test must run in its own JVM with a small heap, has " + maxHeap);
        try (StreamingOutputWriters writers = new StreamingOutputWriters(new InMemoryBlobStore(), WritersSettings.defaults()
                .withInternalTargets(Set.of("127.0.0.1:" + S3.endpoint().getPort())))) {
            WriteSummary csv = writers.write(Fixtures.spec(Map.of("target", target("big.csv.gz"), "format", Map.of("gzip", true))),
                    plane().openQuery("big", "select * from tbl"));
            assertEquals(ROWS, csv.rows());

            long lines = 0;
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    S3.client().getObject(b -> b.bucket(S3.bucket()).key("big.csv.gz"))), StandardCharsets.UTF_8))) {
                assertEquals("id,name,note,amount,day,at", r.readLine());
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines++;
                    last = l;
                }
            }
            assertEquals(ROWS, lines);
            assertEquals("999999,customer-4999,,99.99,2024-09-21,2024-01-12T13:46:39", last);
            S3.client().deleteObject(b -> b.bucket(S3.bucket()).key("big.csv.gz")); // S3Proxy keeps objects in this heap

            WriteSummary parquet = writers.write(Fixtures.spec(Map.of("target", target("big.parquet"), "format", Map.of("type", "parquet"))),
                    plane().openQuery("big", "select * from tbl"));
            assertEquals(ROWS, parquet.rows());
            long size = S3.client().headObject(b -> b.bucket(S3.bucket()).key("big.parquet")).contentLength();
            assertEquals(parquet.bytes(), size);
        }
        System.out.println("peak heap " + ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024) + " MB");
    }
}
