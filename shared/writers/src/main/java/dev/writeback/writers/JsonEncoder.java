package dev.writeback.writers;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoValues;
import dev.writeback.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Rows as JSON objects (column name → value): one per line (JSON Lines), or one JSON array. */
final class JsonEncoder implements RowEncoder {
    private final JsonGenerator g;
    private final SerializedString[] names;
    private final boolean array;

    JsonEncoder(List<Column> columns, boolean array, OutputStream out) throws IOException {
        this.g = Json.MAPPER.getFactory().createGenerator(out);
        this.names = columns.stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
        this.array = array;
        g.setRootValueSeparator(null);
        if (array) {
            g.writeStartArray();
        }
    }

    @Override
    public void write(Object[] row) throws IOException {
        writeObject(g, names, row);
        if (!array) {
            g.writeRaw('\n');
        }
    }

    static void writeObject(JsonGenerator g, SerializedString[] names, Object[] row) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < names.length; i++) {
            g.writeFieldName(names[i]);
            DomoValues.json(g, i < row.length ? row[i] : null);
        }
        g.writeEndObject();
    }

    @Override
    public void finish() throws IOException {
        if (array) {
            g.writeEndArray();
            g.writeRaw('\n');
        }
        g.close();
    }
}
