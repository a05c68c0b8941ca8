package dev.writeback.writers;

import dev.writeback.core.data.Column;
import dev.writeback.core.output.Format;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Encodes rows into a byte stream in one format; {@link #finish()} completes the encoding and closes the stream. */
interface RowEncoder {

    void write(Object[] row) throws IOException;

    void finish() throws IOException;

    static RowEncoder open(Format format, List<Column> columns, OutputStream out) throws IOException {
        if (format.type() == Format.Type.PARQUET) {
            return new ParquetEncoder(columns, format.compression(), out);
        }
        OutputStream target = format.gzip() ? new GZIPOutputStream(out, 64 * 1024) : out;
        return switch (format.type()) {
            case CSV -> new CsvEncoder(columns, format, target);
            case JSONL -> new JsonEncoder(columns, false, target);
            case JSON -> new JsonEncoder(columns, true, target);
            case PARQUET -> throw new IllegalStateException("handled above");
        };
    }
}
