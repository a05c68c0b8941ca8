package dev.writeback.sql;

import dev.writeback.core.error.UnprocessableException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The scans of one query's DataSet table. A join re-scans a table for each row of its outer side (a nested loop), and
 * a query may name the table several times ({@code from tbl a, tbl b}): the first scan streams the export as it
 * comes; every later export is copied to a temporary file as it is read, and once one such copy is complete, later
 * scans read it instead of exporting again. So a query exports the DataSet at most once per table reference.
 * {@code rowsRead} counts the rows read from Domo (not the re-reads of the copy); the rows the second and later
 * scans deliver are capped by {@code maxJoinRows}. Closed with the query's cursor; closing deletes the copies.
 */
final class TableReads implements AutoCloseable {

    private final String datasetId;
    private final CsvSource source;
    private final LongAdder rowsRead;
    private final long maxJoinRows;
    private final List<Path> files = new ArrayList<>();
    private int scans;
    private long joinRows;
    private Path complete;
    private boolean closed;

    TableReads(String datasetId, CsvSource source, LongAdder rowsRead, long maxJoinRows) {
        this.datasetId = datasetId;
        this.source = source;
        this.rowsRead = rowsRead;
        this.maxJoinRows = maxJoinRows;
    }

    /** One scan of the table: where its bytes come from and what its rows count against. */
    final class Scan {
        private final boolean fromDomo;
        private final boolean join;

        private Scan(boolean fromDomo, boolean join) {
            this.fromDomo = fromDomo;
            this.join = join;
        }

        /** Counts one data row this scan delivers. */
        void row() {
            if (fromDomo) {
                rowsRead.increment();
            }
            if (join && ++joinRows > maxJoinRows) {
                throw new UnprocessableException("The query's joins read more than " + maxJoinRows + " rows of DataSet '"
                        + datasetId + "' (a join without an equality condition reads the whole table again for every row"
                        + " of its other side); join on a condition (a.id = b.id) or filter the sides first.");
            }
        }
    }

    /** Opens the next scan's bytes. */
    synchronized Opened open() throws IOException {
        if (closed) {
            throw new IllegalStateException("the query is closed");
        }
        int n = ++scans;
        if (complete != null) {
            return new Opened(Files.newInputStream(complete), new Scan(false, true));
        }
        InputStream export = openSource();
        if (n == 1) {
            return new Opened(export, new Scan(true, false));
        }
        Path file = Files.createTempFile("writeback-scan-", ".csv");
        files.add(file);
        OutputStream copy;
        try {
            copy = Files.newOutputStream(file);
        } catch (IOException e) {
            export.close();
            throw e;
        }
        return new Opened(new Copying(export, copy, file), new Scan(true, true));
    }

    record Opened(InputStream in, Scan scan) {
    }

    private InputStream openSource() throws IOException {
        try {
            return source.open();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private synchronized void copied(Path file) {
        if (complete == null && !closed) {
            complete = file;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // a temporary file that cannot be deleted now is left to the OS's temp cleaning
            }
        }
        files.clear();
    }

    /** An export read through, its bytes copied to a file that becomes the table's copy once the export has ended. */
    private final class Copying extends FilterInputStream {
        private final OutputStream copy;
        private final Path file;
        private boolean ended;

        Copying(InputStream in, OutputStream copy, Path file) {
            super(in);
            this.copy = copy;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                end();
            } else {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                end();
            } else {
                copy.write(b, off, n);
            }
            return n;
        }

        private void end() throws IOException {
            if (!ended) {
                ended = true;
                copy.close();
                copied(file);
            }
        }

        @Override
        public void close() throws IOException {
            try (copy) {
                super.close();
            }
        }
    }
}
