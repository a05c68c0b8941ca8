package dev.writeback.script;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.WritebackException;
import dev.writeback.core.job.DateSelector;
import dev.writeback.core.json.Json;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.output.WriteOptions;
import dev.writeback.core.output.WriteSpec;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.script.ScriptError.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.graalvm.polyglot.HostAccess;

/** The Java half of {@code DOMO}; the JavaScript glue passes strings in and parses the JSON strings it gets back. */
public final class DomoHost {
    private final ScriptRun run;

    DomoHost(ScriptRun run) {
        this.run = run;
    }

    /** {@code Math.random()}: the run's own generator, seeded from a SecureRandom (restore-safe under SnapStart). */
    @HostAccess.Export
    public double random() {
        return run.random.nextDouble();
    }

    @HostAccess.Export
    public void log(String line) {
        run.log.add(line);
    }

    @HostAccess.Export
    public void sleep(double millis) {
        if (!(millis > 0)) {
            return;
        }
        long wanted = Double.isInfinite(millis) ? Long.MAX_VALUE : (long) Math.ceil(millis);
        long remaining = run.deadline.remaining().toMillis();
        try {
            if (run.stopping.await(Math.min(wanted, remaining), TimeUnit.MILLISECONDS)) {
                throw run.fail(Kind.CANCELLED, run.input.cancel().reason());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (wanted > remaining) {
            run.deadlineHit.set(true);
            throw run.fail(Kind.DEADLINE, "script exceeded its deadline while in DOMO.sleep(" + wanted + ")");
        }
    }

    @HostAccess.Export
    public String getState(String key) {
        return key == null ? null : run.state.get(key);
    }

    @HostAccess.Export
    public void setState(String key, String value) {
        if (key == null || key.isEmpty()) {
            throw run.fail(Kind.RUNTIME, "DOMO.setState needs a key");
        }
        if (value == null) {
            run.state.remove(key);
        } else {
            run.state.put(key, value);
        }
    }

    @HostAccess.Export
    public String parseXML(String xml) {
        if (xml == null || xml.isBlank()) {
            throw run.fail(Kind.RUNTIME, "DOMO.parseXML needs an XML string");
        }
        try {
            return Json.write(XmlToJson.parse(xml));
        } catch (Exception e) {
            throw run.fail(Kind.RUNTIME, "DOMO.parseXML: the text is not well-formed XML: " + e.getMessage());
        }
    }

    @HostAccess.Export
    public String startDate(String selector) {
        return dateOf("DOMO.getStartDate", () -> DateSelector.start(selector, today()));
    }

    @HostAccess.Export
    public String endDate(String selector) {
        return dateOf("DOMO.getEndDate", () -> DateSelector.end(selector, today()));
    }

    private String dateOf(String what, Supplier<LocalDate> date) {
        try {
            return date.get().toString();
        } catch (IllegalArgumentException e) {
            throw run.fail(Kind.RUNTIME, what + ": " + e.getMessage());
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(run.deadline.clock().instant(), ZoneOffset.UTC);
    }

    @HostAccess.Export
    public String b64Encode(String text) {
        return Base64.getEncoder().encodeToString(nonNull(text).getBytes(StandardCharsets.UTF_8));
    }

    @HostAccess.Export
    public String b64Decode(String base64) {
        try {
            return new String(Base64.getMimeDecoder().decode(nonNull(base64)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw run.fail(Kind.RUNTIME, "DOMO.b64DecodeUnicode: the text is not base64: " + e.getMessage());
        }
    }

    @HostAccess.Export
    public String hmacSHA1(String message, String key) {
        return Crypto.hmacHex("HmacSHA1", nonNull(message), nonNull(key));
    }

    @HostAccess.Export
    public String hmacSHA256(String message, String key) {
        return Crypto.hmacHex("HmacSHA256", nonNull(message), nonNull(key));
    }

    @HostAccess.Export
    public String md5(String message) {
        return Crypto.md5Hex(nonNull(message));
    }

    @HostAccess.Export
    public String jwt(String builderJson) {
        try {
            return Crypto.jwt(builderJson, run.deadline.clock().instant().getEpochSecond());
        } catch (IllegalArgumentException e) {
            throw run.fail(Kind.RUNTIME, e.getMessage());
        }
    }

    @HostAccess.Export
    public String listDatasets(boolean summaries) {
        List<DatasetSummary> list = data("DOMO.listDatasets", () -> plane("DOMO.listDatasets").listDatasets());
        return Json.write(summaries ? list : list.stream().map(DatasetSummary::id).toList());
    }

    @HostAccess.Export
    public String dataset(String id) {
        Dataset d = data("DOMO.getDataset", () -> plane("DOMO.getDataset").getDataset(requireId("DOMO.getDataset", id)));
        return DomoJson.dataset(d);
    }

    /** Domo's query shape: {@code {datasource, columns, metadata, rows, numRows, numColumns, fromcache}}. */
    @HostAccess.Export
    public String query(String id, String sql) {
        String datasetId = requireId("DOMO.queryData", id);
        QueryResult r = data("DOMO.queryData", () -> plane("DOMO.queryData").query(datasetId, requireSql("DOMO.queryData", sql)));
        return DomoJson.query(r, r.datasource() != null ? r.datasource() : datasetId);
    }

    @HostAccess.Export
    public BatchReader openBatches(String id, String sql, double batchSize) {
        String datasetId = requireId("DOMO.queryBatches", id);
        if (!(batchSize >= 1) || batchSize > 1_000_000) {
            throw run.fail(Kind.RUNTIME, "queryBatches: the batch size must be between 1 and 1000000");
        }
        RowCursor cursor = data("DOMO.queryBatches", () -> plane("DOMO.queryBatches").openQuery(datasetId, requireSql("DOMO.queryBatches", sql)));
        run.openCursors.add(cursor);
        return new BatchReader(this, run, cursor, datasetId, (int) batchSize);
    }

    /**
     * {@code DOMO.writeTo(id, sql, options)}: streams the query through a built-in writer. The options are read by
     * core's {@link WriteOptions}; the answer is {@code {rows, bytes, location, rejected, rejectsKey, published}}.
     */
    @HostAccess.Export
    public String writeTo(String id, String sql, String optionsJson) {
        OutputWriters writers = run.input.writers();
        if (writers == null) {
            throw run.fail(Kind.SANDBOX, "DOMO.writeTo is not available here: only data-processing scripts of a run may use the built-in writers");
        }
        String datasetId = requireId("DOMO.writeTo", id);
        String query = requireSql("DOMO.writeTo", sql);
        Map<String, Object> options = optionsJson == null ? null : readOptions(optionsJson);
        Dataset dataset = data("DOMO.writeTo", () -> plane("DOMO.writeTo").getDataset(datasetId));
        WriteSpec spec = data("DOMO.writeTo", () -> WriteOptions.parse(options, datasetId, dataset.name(),
                run.deadline.clock().instant(), run.deadline));
        RowCursor cursor = data("DOMO.writeTo", () -> plane("DOMO.writeTo").openQuery(datasetId, query));
        run.openCursors.add(cursor);
        WriteSummary summary;
        try {
            summary = data("DOMO.writeTo", () -> writers.write(spec, cursor));
        } finally {
            run.openCursors.remove(cursor);
            cursor.close();
        }
        run.rowsWritten += summary.rows();
        run.bytesSent += summary.bytes();
        run.progress.rowsWritten(summary.rows());
        run.progress.bytesSent(summary.bytes());
        return Json.write(summary);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readOptions(String json) {
        try {
            return Json.MAPPER.readValue(json, Map.class);
        } catch (IOException e) {
            throw run.fail(Kind.RUNTIME, "DOMO.writeTo: the options must be an object like {target: {...}, format: {...}}");
        }
    }

    private DataPlane plane(String what) {
        DataPlane plane = run.input.dataPlane();
        if (plane == null) {
            throw run.fail(Kind.SANDBOX, what + " is not available here: only data-processing scripts may read DataSets");
        }
        return plane;
    }

    <T> T data(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (WritebackException e) {
            throw run.fail(Kind.RUNTIME, what + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw run.fail(Kind.RUNTIME, what + ": reading the DataSet failed: " + e.getCause().getMessage());
        }
    }

    private String requireId(String what, String id) {
        if (id == null || id.isBlank()) {
            throw run.fail(Kind.RUNTIME, what + " needs a DataSet id");
        }
        return id.trim();
    }

    private String requireSql(String what, String sql) {
        if (sql == null || sql.isBlank()) {
            throw run.fail(Kind.RUNTIME, what + " needs a SQL query, e.g. select * from tbl");
        }
        return sql;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
