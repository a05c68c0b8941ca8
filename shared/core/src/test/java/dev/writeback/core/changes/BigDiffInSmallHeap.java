package dev.writeback.core.changes;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.job.Job;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.testing.InMemoryDataPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two CHANGES runs over {@code rows} generated rows, as {@link ChangeDiffHeapIT} starts it in a JVM with a small heap:
 * the first sends every row, the second finds the rows changed in between. Prints each run's counts and the peak heap used.
 * Rows are made as the query reaches them and the snapshot goes to files, so only the diff itself holds memory.
 */
public final class BigDiffInSmallHeap {
    static final List<Column> SCHEMA = List.of(new Column("id", DomoType.LONG), new Column("name", DomoType.STRING),
            new Column("amount", DomoType.DECIMAL));

    private BigDiffInSmallHeap() {
    }

    public static void main(String[] args) throws IOException {
        long rows = Long.parseLong(args[0]);
        Path dir = Files.createTempDirectory("big-diff-");
        JobChanges changes = new JobChanges(new DiskBlobStore(dir));
        Job job = new Job("job-big", "acme", "uma", "con-1", 1, "acc-1", "Big", null, Map.of("datasetId", "big"), null, null,
                null, Instant.EPOCH, Instant.EPOCH, 1, null, null, null, null, null,
                new Incremental(WriteMode.CHANGES, List.of("id"), null, null));
        InMemoryDataPlane plane = new InMemoryDataPlane();
        plane.add("big", "Big", SCHEMA, rows, i -> new Object[] {i, "name-" + i, BigDecimal.valueOf(i, 2)});
        try (ChangeSet first = changes.prepare(job, "big", "run-1", plane, () -> { }, new StringBuilder())) {
            System.out.println("first: " + first.counts());
            changes.commit(first);
        }
        // the second DataSet: the first 1000 ids gone, 1000 new ids at the end, every id ending in 07 with a new amount
        plane.add("big", "Big", SCHEMA, rows, i -> {
            long id = i + 1000;
            return new Object[] {id, "name-" + id, id % 100 == 7 ? BigDecimal.valueOf(-id, 2) : BigDecimal.valueOf(id, 2)};
        });
        try (ChangeSet second = changes.prepare(job, "big", "run-2", plane, () -> { }, new StringBuilder())) {
            System.out.println("second: " + second.counts());
            long sent = 0;
            try (var cursor = second.addedAndChanged()) {
                while (cursor.next()) {
                    sent++;
                }
            }
            System.out.println("sent: " + sent);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("peak heap used: " + peak / (1024 * 1024) + " MB of " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
    }

    /** Objects as files, so the snapshots do not count against the heap being measured. */
    private static final class DiskBlobStore implements BlobStore {
        private final Path dir;

        DiskBlobStore(Path dir) {
            this.dir = dir;
        }

        private Path file(String key) {
            return dir.resolve(key.replace('/', '_'));
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            try {
                Files.write(file(key), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Optional<Blob> get(String key) {
            try {
                return exists(key) ? Optional.of(new Blob(key, Files.readAllBytes(file(key)), null)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open(String key) {
            try {
                return Files.newInputStream(file(key));
            } catch (IOException e) {
                throw new NotFoundException("no object " + key);
            }
        }

        @Override
        public boolean exists(String key) {
            return Files.exists(file(key));
        }

        @Override
        public void delete(String key) {
            try {
                Files.deleteIfExists(file(key));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<String> list(String prefix) {
            throw new UnsupportedOperationException("not needed by the diff");
        }

        @Override
        public Upload openUpload(String key, String contentType) {
            Path part = file(key + ".part");
            OutputStream out;
            try {
                out = Files.newOutputStream(part);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Upload() {
                private long written;

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    written++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written += len;
                }

                @Override
                public void abort() {
                    try {
                        out.close();
                        Files.deleteIfExists(part);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public long bytesWritten() {
                    return written;
                }

                @Override
                public void close() throws IOException {
                    out.close();
                    Files.move(part, file(key), StandardCopyOption.REPLACE_EXISTING);
                }
            };
        }
    }
}
