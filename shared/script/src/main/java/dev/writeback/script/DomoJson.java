package dev.writeback.script;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.writeback.core.changes.ChangeCounts;
import dev.writeback.core.changes.ChangeSet;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DomoValues;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Domo's JSON shapes for {@code DOMO}'s answers (a DataSet, a query result, its columns and cells), written as text. */
final class DomoJson {
    private DomoJson() {
    }

    /** Domo's DataSet shape: id, name, description, owner, counts, dates and {@code schema.columns}. */
    static String dataset(Dataset d) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("id", d.id());
            g.writeStringField("name", d.name());
            g.writeStringField("description", d.description());
            g.writeObjectFieldStart("owner");
            g.writeStringField("id", d.ownerId());
            g.writeStringField("name", d.ownerName());
            g.writeEndObject();
            g.writeNumberField("rows", d.rows());
            g.writeNumberField("columns", d.schema().size());
            g.writeStringField("createdAt", d.createdAt());
            g.writeStringField("updatedAt", d.updatedAt());
            g.writeStringField("dataCurrentAt", d.dataCurrentAt());
            g.writeObjectFieldStart("schema");
            g.writeArrayFieldStart("columns");
            for (Column c : d.schema()) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField("type", c.type().name());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** Domo's query shape: {@code {datasource, columns, metadata, rows, numRows, numColumns, fromcache}}. */
    static String query(QueryResult r, String datasource) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("datasource", datasource);
            writeColumns(g, r.columns(), datasource);
            g.writeArrayFieldStart("rows");
            for (List<Object> row : r.rows()) {
                g.writeStartArray();
                for (Object cell : row) {
                    writeCell(g, cell);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeNumberField("numRows", r.numRows());
            g.writeNumberField("numColumns", r.numColumns());
            g.writeBooleanField("fromcache", false);
            g.writeEndObject();
        });
    }

    static void writeColumns(JsonGenerator g, List<Column> columns, String datasource) throws IOException {
        g.writeArrayFieldStart("columns");
        for (Column c : columns) {
            g.writeString(c.name());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("metadata");
        for (Column c : columns) {
            g.writeStartObject();
            g.writeStringField("type", c.type().name());
            g.writeStringField("dataSourceId", datasource);
            g.writeNumberField("maxLength", -1);
            g.writeNumberField("minLength", -1);
            g.writeNumberField("periodIndex", 0);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code DOMO.getChanges()}: the difference with rows and keys as objects by column name. */
    static String changes(ChangeSet changes) {
        ChangeCounts c = changes.counts();
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("writeMode", changes.writeMode().name());
            g.writeStringField("datasetId", changes.datasetId());
            g.writeStringField("changeQuery", changes.changeQuery());
            g.writeArrayFieldStart("keyColumns");
            for (Column k : changes.keyColumns()) {
                g.writeString(k.name());
            }
            g.writeEndArray();
            writeObjects(g, "added", changes.added());
            writeObjects(g, "changed", changes.changed());
            writeObjects(g, "removed", changes.removed());
            g.writeObjectFieldStart("counts");
            g.writeNumberField("added", c.added());
            g.writeNumberField("changed", c.changed());
            g.writeNumberField("removed", c.removed());
            g.writeNumberField("unchanged", c.unchanged());
            g.writeEndObject();
            g.writeBooleanField("reset", c.reset());
            g.writeEndObject();
        });
    }

    private static void writeObjects(JsonGenerator g, String field, RowCursor rows) throws IOException {
        g.writeArrayFieldStart(field);
        try (rows) {
            List<Column> columns = rows.columns();
            while (rows.next()) {
                Object[] row = rows.row();
                g.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    g.writeFieldName(columns.get(i).name());
                    writeCell(g, row[i]);
                }
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    static void writeCell(JsonGenerator g, Object cell) throws IOException {
        DomoValues.json(g, cell);
    }

    interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    static String write(JsonWriter writer) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
