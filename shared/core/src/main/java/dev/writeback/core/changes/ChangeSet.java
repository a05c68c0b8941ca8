package dev.writeback.core.changes;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.RowCursor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The difference one run found, on local disk until the run ends: the added and changed rows (all columns of the change
 * query) and the removed keys (the key columns), readable as cursors as many times as the script asks. Holds the new
 * snapshot the run wrote; {@link JobChanges#commit} makes it the job's after the run SUCCEEDED, {@link #close()} deletes
 * the files and, when it was not committed, the snapshot.
 */
public final class ChangeSet implements AutoCloseable {
    private final String datasetId;
    private final Incremental settings;
    private final List<Column> columns;
    private final List<Column> keyColumns;
    private final ChangeCounts counts;
    private final Path dir;
    private final ChangeSnapshots snapshots;
    private final String jobId;
    private final ChangeSnapshots.Pointer next;
    private boolean committed;

    ChangeSet(String jobId, String datasetId, Incremental settings, List<Column> columns, List<Column> keyColumns,
              ChangeCounts counts, Path dir, ChangeSnapshots snapshots, ChangeSnapshots.Pointer next) {
        this.jobId = jobId;
        this.datasetId = datasetId;
        this.settings = settings;
        this.columns = List.copyOf(columns);
        this.keyColumns = List.copyOf(keyColumns);
        this.counts = counts;
        this.dir = dir;
        this.snapshots = snapshots;
        this.next = next;
    }

    static Path addedFile(Path dir) {
        return dir.resolve("added.bin");
    }

    static Path changedFile(Path dir) {
        return dir.resolve("changed.bin");
    }

    static Path removedFile(Path dir) {
        return dir.resolve("removed.bin");
    }

    public ChangeCounts counts() {
        return counts;
    }

    public WriteMode writeMode() {
        return settings.writeMode();
    }

    public String datasetId() {
        return datasetId;
    }

    public String changeQuery() {
        return settings.changeQuery();
    }

    public List<Column> columns() {
        return columns;
    }

    /** The key columns, typed as in the change query ({@code CHANGES}); empty for {@code APPEND}. */
    public List<Column> keyColumns() {
        return keyColumns;
    }

    /**
     * True when a query over {@code datasetId} is the job's change query (same text but for spacing and a trailing
     * {@code ;}): the built-in writers then send the difference rather than every row.
     */
    public boolean isChangeQuery(String datasetId, String sql) {
        return this.datasetId.equals(datasetId) && normal(sql).equals(normal(settings.changeQuery()));
    }

    private static String normal(String sql) {
        return sql.strip().replaceAll(";\\s*$", "").replaceAll("\\s+", " ");
    }

    public RowCursor added() {
        return new FileCursor(List.of(addedFile(dir)), columns);
    }

    public RowCursor changed() {
        return new FileCursor(List.of(changedFile(dir)), columns);
    }

    /** The added rows, then the changed ones: what a target is sent. */
    public RowCursor addedAndChanged() {
        return new FileCursor(List.of(addedFile(dir), changedFile(dir)), columns);
    }

    public RowCursor removed() {
        return new FileCursor(List.of(removedFile(dir)), keyColumns);
    }

    void commit() {
        snapshots.commit(jobId, next);
        committed = true;
    }

    @Override
    public void close() {
        if (!committed && next.snapshotKey() != null) {
            snapshots.discard(next.snapshotKey());
        }
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends length-prefixed rows to a file. */
    static final class RowFile implements AutoCloseable {
        private final DataOutputStream out;
        private long rows;

        RowFile(Path file) {
            try {
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void add(byte[] json) {
            try {
                out.writeInt(json.length);
                out.write(json);
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long rows() {
            return rows;
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads the rows of one or more row files in order. */
    private static final class FileCursor implements RowCursor {
        private final List<Path> files;
        private final List<Column> columns;
        private int file = -1;
        private DataInputStream in;
        private Object[] row;

        FileCursor(List<Path> files, List<Column> columns) {
            this.files = files;
            this.columns = columns;
        }

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public boolean next() {
            try {
                while (true) {
                    if (in == null) {
                        if (++file >= files.size()) {
                            row = null;
                            return false;
                        }
                        in = new DataInputStream(new BufferedInputStream(Files.newInputStream(files.get(file)), 64 * 1024));
                    }
                    int length;
                    try {
                        length = in.readInt();
                    } catch (EOFException end) {
                        in.close();
                        in = null;
                        continue;
                    }
                    row = ChangeRows.read(in.readNBytes(length), columns);
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Object[] row() {
            return row;
        }

        @Override
        public void close() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // a temporary file being read
                }
                in = null;
            }
        }
    }
}
