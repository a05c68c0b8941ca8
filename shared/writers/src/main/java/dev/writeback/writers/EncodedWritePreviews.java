package dev.writeback.writers;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.json.Json;
import dev.writeback.core.output.KeyTemplate;
import dev.writeback.core.output.Target;
import dev.writeback.core.output.WritePreview;
import dev.writeback.core.output.WriteSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the built-in writers would write, without writing: the file in its format (gzip and Parquet included) encoded by
 * the same encoders into a byte counter, or the HTTP batches as the batch writer builds them, one JSON array of row
 * objects per {@code batchSize} rows. Nothing is opened on the target: no connection, no object, no file.
 */
public final class EncodedWritePreviews implements WritePreview.Maker {

    @Override
    public WritePreview preview(WriteSpec spec, RowCursor rows, int keep) {
        List<List<Object>> first = new ArrayList<>();
        try {
            return switch (spec.target()) {
                case Target.Http t -> http(spec, t, rows, keep, first);
                case Target.S3 t -> file(spec, rows, keep, first, "s3://" + t.bucket() + "/" + render(spec, "target.key", t.keyTemplate()));
                case Target.Sftp t -> file(spec, rows, keep, first, "sftp://" + t.host() + ":" + t.port() + "/"
                        + render(spec, "target.path", t.pathTemplate()).replaceFirst("^/", ""));
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WritePreview file(WriteSpec spec, RowCursor rows, int keep, List<List<Object>> first, String location)
            throws IOException {
        String format = spec.format().type().name();
        boolean any = rows.next();
        if (!any && !spec.allowEmpty()) {
            return new WritePreview(location, format, 0, 0, 0, false, rows.columns(), List.of());
        }
        CountingOutputStream counted = new CountingOutputStream(OutputStream.nullOutputStream());
        RowEncoder encoder = RowEncoder.open(spec.format(), rows.columns(), counted);
        long n = 0;
        if (any) {
            do {
                keepRow(first, keep, rows.row());
                encoder.write(rows.row());
                n++;
            } while (rows.next());
        }
        encoder.finish();
        return new WritePreview(location, format, n, counted.count(), 1, true, rows.columns(), first);
    }

    private static WritePreview http(WriteSpec spec, Target.Http t, RowCursor rows, int keep, List<List<Object>> first)
            throws IOException {
        SerializedString[] names = rows.columns().stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
        long n = 0;
        long bytes = 0;
        long batches = 0;
        CountingOutputStream batch = null;
        JsonGenerator g = null;
        while (rows.next()) {
            if (g == null) {
                batch = new CountingOutputStream(OutputStream.nullOutputStream());
                g = Json.MAPPER.getFactory().createGenerator(batch);
                g.writeStartArray();
            }
            keepRow(first, keep, rows.row());
            JsonEncoder.writeObject(g, names, rows.row());
            n++;
            if (n % t.batchSize() == 0) {
                bytes += close(g, batch);
                batches++;
                g = null;
            }
        }
        if (g != null) {
            bytes += close(g, batch);
            batches++;
        }
        return new WritePreview(t.url().toString(), "JSON", n, bytes, batches, batches > 0, rows.columns(), first);
    }

    private static long close(JsonGenerator g, CountingOutputStream batch) throws IOException {
        g.writeEndArray();
        g.close();
        return batch.count();
    }

    private static void keepRow(List<List<Object>> first, int keep, Object[] row) {
        if (first.size() < keep) {
            first.add(Arrays.asList(row.clone()));
        }
    }

    private static String render(WriteSpec spec, String field, String template) {
        return KeyTemplate.render(field, template, spec.now(), spec.datasetId(), spec.datasetName(), spec.runId());
    }
}
