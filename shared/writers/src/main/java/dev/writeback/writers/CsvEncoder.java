package dev.writeback.writers;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoValues;
import dev.writeback.core.output.Format;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV in Domo's dialect (RFC 4180, LF line ends): a null cell is an empty unquoted field, an empty string is
 * {@code ""}; a field holding the delimiter, the quote or a line break is quoted with the quote doubled.
 */
final class CsvEncoder implements RowEncoder {
    private final Writer out;
    private final char delimiter;
    private final char quote;

    CsvEncoder(List<Column> columns, Format format, OutputStream stream) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
        this.delimiter = format.delimiter();
        this.quote = format.quote();
        if (format.header()) {
            write(columns.stream().map(Column::name).toArray());
        }
    }

    @Override
    public void write(Object[] row) throws IOException {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                out.write(delimiter);
            }
            Object cell = row[i];
            if (cell != null) {
                field(DomoValues.text(cell));
            }
        }
        out.write('\n');
    }

    private void field(String s) throws IOException {
        if (s.isEmpty()) {
            out.write(quote);
            out.write(quote);
            return;
        }
        boolean needsQuotes = false;
        for (int i = 0; i < s.length() && !needsQuotes; i++) {
            char c = s.charAt(i);
            needsQuotes = c == delimiter || c == quote || c == '\n' || c == '\r';
        }
        if (!needsQuotes) {
            out.write(s);
            return;
        }
        out.write(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == quote) {
                out.write(quote);
            }
            out.write(c);
        }
        out.write(quote);
    }

    @Override
    public void finish() throws IOException {
        out.close();
    }
}
