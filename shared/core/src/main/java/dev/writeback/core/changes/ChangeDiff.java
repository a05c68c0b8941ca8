package dev.writeback.core.changes;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The diff itself, streamed. {@code CHANGES}: every row of the change query goes to an external sort by key; the sorted
 * rows are merged with the previous snapshot (also sorted by key) into added, changed and removed files and the new
 * snapshot. {@code APPEND}: rows whose watermark is greater than the previous greatest go to the added file. Memory
 * holds one sort buffer ({@code sortMemoryBytes}) whatever the number of rows.
 */
final class ChangeDiff {
    static final long DEFAULT_SORT_MEMORY = 32L * 1024 * 1024;
    private static final int SNAPSHOT_MAGIC = 0x57424331;
    private static final int CHECK_EVERY = 4096;

    private final Path dir;
    private final long sortMemoryBytes;
    private final Runnable stillWanted;

    /** @param stillWanted called every few thousand rows; throws when the run must stop (deadline, cancel) */
    ChangeDiff(Path dir, long sortMemoryBytes, Runnable stillWanted) {
        this.dir = dir;
        this.sortMemoryBytes = sortMemoryBytes;
        this.stillWanted = stillWanted;
    }

    /** What a diff found. */
    record Outcome(List<Column> columns, List<Column> keyColumns, long added, long changed, long removed, long unchanged,
                   long rows, String watermark, boolean previousUnusable) {
    }

    /**
     * Compares the rows with {@code previous} (null: every row is added) and writes the new snapshot to {@code snapshot}.
     */
    Outcome changes(RowCursor rows, List<String> keyNames, InputStream previous, OutputStream snapshot) {
        List<Column> columns = rows.columns();
        int[] keys = new int[keyNames.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = index(columns, keyNames.get(i), "keyColumns");
        }
        List<Column> keyColumns = Arrays.stream(keys).mapToObj(columns::get).toList();
        ChangeRows encode = new ChangeRows();
        long added = 0;
        long changed = 0;
        long removed = 0;
        long unchanged = 0;
        long count = 0;
        try (SortedSpill spill = new SortedSpill(dir, sortMemoryBytes)) {
            while (rows.next()) {
                Object[] row = rows.row();
                byte[] json = encode.row(row);
                byte[] value = Arrays.copyOf(encode.digest(json), ChangeRows.DIGEST_BYTES + json.length);
                System.arraycopy(json, 0, value, ChangeRows.DIGEST_BYTES, json.length);
                spill.add(encode.key(row, keys), value);
                if (++count % CHECK_EVERY == 0) {
                    stillWanted.run();
                }
            }
            SortedSpill.Source current = spill.sorted();
            try (SnapshotReader before = new SnapshotReader(previous);
                    DataOutputStream after = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(
                            new KeptOpen(snapshot), 64 * 1024), 64 * 1024));
                    ChangeSet.RowFile addedRows = new ChangeSet.RowFile(ChangeSet.addedFile(dir));
                    ChangeSet.RowFile changedRows = new ChangeSet.RowFile(ChangeSet.changedFile(dir));
                    ChangeSet.RowFile removedKeys = new ChangeSet.RowFile(ChangeSet.removedFile(dir))) {
                after.writeInt(SNAPSHOT_MAGIC);
                SortedSpill.Entry now = current.next();
                byte[] lastKey = null;
                long merged = 0;
                while (now != null || before.key != null) {
                    int order = now == null ? 1 : before.key == null ? -1 : Arrays.compareUnsigned(now.key(), before.key);
                    if (order > 0) {
                        removedKeys.add(before.key);
                        removed++;
                        before.advance();
                        continue;
                    }
                    if (lastKey != null && Arrays.equals(lastKey, now.key())) {
                        throw duplicate(keyNames, now.key());
                    }
                    lastKey = now.key();
                    byte[] digest = Arrays.copyOf(now.value(), ChangeRows.DIGEST_BYTES);
                    byte[] json = Arrays.copyOfRange(now.value(), ChangeRows.DIGEST_BYTES, now.value().length);
                    if (order < 0) {
                        addedRows.add(json);
                        added++;
                    } else {
                        if (Arrays.equals(digest, before.digest)) {
                            unchanged++;
                        } else {
                            changedRows.add(json);
                            changed++;
                        }
                        before.advance();
                    }
                    after.writeInt(now.key().length);
                    after.write(now.key());
                    after.write(digest);
                    now = current.next();
                    if (++merged % CHECK_EVERY == 0) {
                        stillWanted.run();
                    }
                }
                after.writeInt(-1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Outcome(columns, keyColumns, added, changed, removed, unchanged, count, null, false);
    }

    /** The rows whose {@code watermarkColumn} is greater than {@code previous} (null: every row with a watermark). */
    Outcome append(RowCursor rows, String watermarkColumn, String previous) {
        List<Column> columns = rows.columns();
        int at = index(columns, watermarkColumn, "watermarkColumn");
        DomoType type = columns.get(at).type();
        Comparable<Object> floor = previous == null ? null : parse(previous, type);
        boolean previousUnusable = previous != null && floor == null;
        Comparable<Object> greatest = floor;
        ChangeRows encode = new ChangeRows();
        long added = 0;
        long unchanged = 0;
        long count = 0;
        try (ChangeSet.RowFile addedRows = new ChangeSet.RowFile(ChangeSet.addedFile(dir));
                ChangeSet.RowFile ignored1 = new ChangeSet.RowFile(ChangeSet.changedFile(dir));
                ChangeSet.RowFile ignored2 = new ChangeSet.RowFile(ChangeSet.removedFile(dir))) {
            while (rows.next()) {
                Object[] row = rows.row();
                Comparable<Object> mark = comparable(row[at]);
                if (mark != null && (floor == null || mark.compareTo(floor) > 0)) {
                    addedRows.add(encode.row(row));
                    added++;
                    if (greatest == null || mark.compareTo(greatest) > 0) {
                        greatest = mark;
                    }
                } else {
                    unchanged++;
                }
                if (++count % CHECK_EVERY == 0) {
                    stillWanted.run();
                }
            }
        }
        return new Outcome(columns, List.of(), added, 0, 0, unchanged, count,
                greatest == null ? previous : text(greatest), previousUnusable);
    }

    private static int index(List<Column> columns, String name, String setting) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new InvalidInputException(setting + " names the column '" + name + "', which the change query's result does not have"
                + " (its columns: " + String.join(", ", columns.stream().map(Column::name).toList()) + ")");
    }

    private static InvalidInputException duplicate(List<String> keyNames, byte[] key) {
        return new InvalidInputException("keyColumns " + keyNames + " do not identify rows: the key "
                + new String(key, StandardCharsets.UTF_8) + " appears more than once in the change query's result; choose key"
                + " columns whose values are unique, or a change query that returns one row per key");
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object cell) {
        return cell instanceof Comparable<?> c ? (Comparable<Object>) c : null;
    }

    /** A watermark as kept with the snapshot: ISO dates and date-times, plain numbers. */
    private static String text(Object mark) {
        return mark instanceof BigDecimal b ? b.toPlainString() : mark.toString();
    }

    /** The previous watermark read as the column's type now has it, or null when it no longer reads (the type changed). */
    @SuppressWarnings("unchecked")
    private static Comparable<Object> parse(String text, DomoType type) {
        Object value;
        try {
            value = switch (type) {
            case LONG -> Long.valueOf(text);
            case DOUBLE -> Double.valueOf(text);
            case DECIMAL -> new BigDecimal(text);
            case DATE -> LocalDate.parse(text);
            case DATETIME -> LocalDateTime.parse(text);
            case STRING -> text;
            };
        } catch (RuntimeException unreadable) {
            return null;
        }
        return (Comparable<Object>) value;
    }

    /** The caller's stream, flushed but not closed with ours: whether the snapshot is published is the caller's call. */
    private static final class KeptOpen extends FilterOutputStream {
        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** The previous snapshot's records in key order; none when there is no previous snapshot. */
    private static final class SnapshotReader implements AutoCloseable {
        private final DataInputStream in;
        private byte[] key;
        private final byte[] digest = new byte[ChangeRows.DIGEST_BYTES];

        SnapshotReader(InputStream previous) throws IOException {
            if (previous == null) {
                in = null;
                return;
            }
            in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(previous, 64 * 1024), 64 * 1024));
            if (in.readInt() != SNAPSHOT_MAGIC) {
                throw new IOException("the job's change snapshot is not one this version wrote");
            }
            advance();
        }

        void advance() throws IOException {
            if (in == null) {
                return;
            }
            int length = in.readInt();
            if (length < 0) {
                key = null;
                return;
            }
            key = in.readNBytes(length);
            in.readFully(digest);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
