package dev.writeback.core.changes;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * An external sort of (key, value) byte records by key (unsigned bytes): records are held until about
 * {@code memoryBytes}, then sorted and written to a run file in {@code dir}; {@link #sorted()} merges the runs.
 * Memory stays near {@code memoryBytes} whatever the number of records. Records with equal keys come out next to each other.
 */
final class SortedSpill implements AutoCloseable {
    /** What a record costs in memory beyond its bytes (two arrays and a holder). */
    private static final int RECORD_OVERHEAD = 64;
    private static final int IO_BUFFER = 64 * 1024;
    private static final Comparator<byte[]> KEYS = Arrays::compareUnsigned;

    private final Path dir;
    private final long memoryBytes;
    private final List<Path> runs = new ArrayList<>();
    private List<Entry> held = new ArrayList<>();
    private long heldBytes;
    private final List<RunReader> open = new ArrayList<>();

    record Entry(byte[] key, byte[] value) {
    }

    SortedSpill(Path dir, long memoryBytes) {
        this.dir = dir;
        this.memoryBytes = memoryBytes;
    }

    void add(byte[] key, byte[] value) {
        held.add(new Entry(key, value));
        heldBytes += key.length + value.length + RECORD_OVERHEAD;
        if (heldBytes >= memoryBytes) {
            spill();
        }
    }

    /** Files the records went to so far (for tests: a small budget must spill). */
    int runFiles() {
        return runs.size();
    }

    /** Every record added, by key. Call once, after the last {@link #add}. */
    Source sorted() {
        if (runs.isEmpty()) {
            held.sort(Comparator.comparing(Entry::key, KEYS));
            List<Entry> all = held;
            held = List.of();
            return new Source() {
                private int next;

                @Override
                public Entry next() {
                    return next < all.size() ? all.get(next++) : null;
                }
            };
        }
        spill();
        PriorityQueue<RunReader> queue = new PriorityQueue<>(Comparator.comparing((RunReader r) -> r.current.key(), KEYS));
        for (Path run : runs) {
            RunReader reader = new RunReader(run);
            open.add(reader);
            if (reader.advance()) {
                queue.add(reader);
            }
        }
        return () -> {
            RunReader top = queue.poll();
            if (top == null) {
                return null;
            }
            Entry e = top.current;
            if (top.advance()) {
                queue.add(top);
            }
            return e;
        };
    }

    private void spill() {
        if (held.isEmpty()) {
            return;
        }
        held.sort(Comparator.comparing(Entry::key, KEYS));
        Path run = dir.resolve("run-" + runs.size() + ".bin");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), IO_BUFFER))) {
            for (Entry e : held) {
                out.writeInt(e.key().length);
                out.write(e.key());
                out.writeInt(e.value().length);
                out.write(e.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a sorted run to " + run + " failed", e);
        }
        runs.add(run);
        held = new ArrayList<>();
        heldBytes = 0;
    }

    @Override
    public void close() {
        for (RunReader r : open) {
            r.close();
        }
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException ignored) {
                // the work directory is deleted as a whole afterwards
            }
        }
    }

    /** Records in key order, null after the last. */
    interface Source {
        Entry next();
    }

    private static final class RunReader {
        private final DataInputStream in;
        private Entry current;

        RunReader(Path run) {
            try {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), IO_BUFFER));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean advance() {
            try {
                int keyLength;
                try {
                    keyLength = in.readInt();
                } catch (EOFException end) {
                    current = null;
                    return false;
                }
                byte[] key = in.readNBytes(keyLength);
                byte[] value = in.readNBytes(in.readInt());
                current = new Entry(key, value);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only temporary file
            }
        }
    }
}
