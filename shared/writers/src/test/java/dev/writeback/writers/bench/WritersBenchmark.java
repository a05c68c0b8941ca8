package dev.writeback.writers.bench;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.output.WriteOptions;
import dev.writeback.core.output.WriteSpec;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.time.Deadline;
import dev.writeback.writers.StreamingOutputWriters;
import dev.writeback.writers.WritersSettings;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * 1M generated rows → CSV.gz and → Parquet (snappy) to S3Proxy on loopback (filesystem store, so the stored objects do
 * not count in this heap). Prints rows/s and the peak heap of each write, against a baseline that only walks the cursor.
 * Run: {@code mvn -q -o -pl shared/writers -am test-compile exec:java -Dexec.skip=true} (add MAVEN_OPTS=-Xmx192m to
 * see it hold under a small heap).
 */
public final class WritersBenchmark {
    static final int ROWS = Integer.getInteger("rows", 1_000_000);
    static final List<Column> SCHEMA = List.of(new Column("id", DomoType.LONG), new Column("name", DomoType.STRING),
            new Column("note", DomoType.STRING), new Column("amount", DomoType.DOUBLE), new Column("day", DomoType.DATE),
            new Column("at", DomoType.DATETIME));

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("writers-bench");
        S3Proxy proxy = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()))
                .endpoint(URI.create("http://127.0.0.1:0")).awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "ak", "sk").build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(5);
        }
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        Files.createDirectories(dir.resolve("bench"));
        try (StreamingOutputWriters writers = new StreamingOutputWriters(new NoBlobs(), WritersSettings.defaults()
                .withInternalTargets(Set.of("127.0.0.1:" + proxy.getPort())))) {
            for (int round = 1; round <= 2; round++) {
                System.out.printf("round %d, %,d rows, max heap %d MB%n", round, ROWS, Runtime.getRuntime().maxMemory() >> 20);
                resetPeaks();
                long t0 = System.nanoTime();
                long n = 0;
                try (RowCursor c = cursor()) {
                    while (c.next()) {
                        n += c.row().length;
                    }
                }
                double base = (System.nanoTime() - t0) / 1e9;
                System.out.printf("  cursor only        %6.2f s  %,10.0f rows/s  peak heap %4d MB%n", base, ROWS / base, peakMb());
                run(writers, endpoint, "bench.csv.gz", Map.of("gzip", true), base);
                run(writers, endpoint, "bench.parquet", Map.of("type", "parquet"), base);
            }
        } finally {
            proxy.stop();
        }
    }

    static void run(StreamingOutputWriters writers, String endpoint, String key, Map<String, Object> format, double base) {
        Map<String, Object> target = new HashMap<>(Map.of("type", "s3", "bucket", "bench", "key", key, "region", "us-east-1",
                "accessKey", "ak", "secretKey", "sk", "endpoint", endpoint));
        WriteSpec spec = WriteOptions.parse(Map.of("target", target, "format", format), "big", "Big", Instant.now(),
                Deadline.after(Duration.ofHours(1), Clock.systemUTC())).withRunId("bench");
        System.gc();
        resetPeaks();
        long t0 = System.nanoTime();
        WriteSummary s;
        try (RowCursor c = cursor()) {
            s = writers.write(spec, c);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  %-18s %6.2f s  %,10.0f rows/s  peak heap %4d MB  %,d bytes  (%.1fx the cursor's time)%n",
                key, secs, s.rows() / secs, peakMb(), s.bytes(), secs / base);
    }

    static RowCursor cursor() {
        return new RowCursor() {
            long i = -1;

            public List<Column> columns() {
                return SCHEMA;
            }

            public boolean next() {
                return ++i < ROWS;
            }

            public Object[] row() {
                return new Object[]{i, "customer-" + (i % 5000), i % 7 == 0 ? null : "note " + Long.toHexString(i * 2654435761L),
                        (i % 10_000) / 100.0, LocalDate.of(2024, 1, 1).plusDays(i % 365), LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i)};
            }

            public void close() {
            }
        };
    }

    static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long peakMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    }

    /** The benchmark writes no rejects. */
    private static final class NoBlobs implements BlobStore {
        public void put(String key, byte[] bytes, String contentType) {
            throw new UnsupportedOperationException();
        }

        public Optional<Blob> get(String key) {
            return Optional.empty();
        }

        public InputStream open(String key) {
            throw new UnsupportedOperationException();
        }

        public boolean exists(String key) {
            return false;
        }

        public void delete(String key) {
        }

        public List<String> list(String prefix) {
            return List.of();
        }

        public Upload openUpload(String key, String contentType) {
            throw new UnsupportedOperationException();
        }
    }

}
