package dev.writeback.core.testrun;

import dev.writeback.core.account.SecretRedactor;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.output.WritePreview;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.script.HttpTap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one test run's script does, as it does it: every HTTP exchange (through the run's {@link HttpTap}, where dry
 * mode answers instead of the network), every SQL query (cut at the row cap) and every built-in write (previewed in
 * dry mode). {@link #exchanges}, {@link #queries} and {@link #writes} give them redacted, bodies capped.
 */
final class TestRunTrace {
    /** Rows of each dry write kept in the record. */
    static final int WRITE_PREVIEW_ROWS = 10;
    /** Characters of a text cell kept in a write preview. */
    private static final int PREVIEW_CELL_CHARS = 1000;

    private final boolean dry;
    private final List<CannedResponse> canned;
    private final int requestBudget;
    private final List<Recorded> exchanges = new ArrayList<>();
    private final List<TestRun.Query> queries = new ArrayList<>();
    private final List<TestRun.Write> writes = new ArrayList<>();

    private record Recorded(HttpTap.Request request, HttpTap.Response response, boolean stubbed, String error) {
    }

    TestRunTrace(boolean dry, List<CannedResponse> canned, int requestBudget) {
        this.dry = dry;
        this.canned = List.copyOf(canned);
        this.requestBudget = requestBudget;
    }

    /** The interception point of the script's requests: counted against the budget, answered or sent, recorded. */
    HttpTap http() {
        return (request, network) -> {
            synchronized (this) {
                if (exchanges.size() >= requestBudget) {
                    throw new HttpTap.Refused("a test run sends at most " + requestBudget + " requests; "
                            + request.method() + " " + withoutQuery(request.url()) + " was not sent");
                }
            }
            if (dry) {
                HttpTap.Response answer = canned.stream().filter(c -> c.matches(request.method(), request.url()))
                        .findFirst().map(CannedResponse::response).orElse(CannedResponse.DEFAULT);
                record(new Recorded(request, answer, true, null));
                return answer;
            }
            try {
                HttpTap.Response response = network.send(request);
                record(new Recorded(request, response, false, null));
                return response;
            } catch (RuntimeException e) {
                record(new Recorded(request, null, false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                throw e;
            }
        };
    }

    private synchronized void record(Recorded exchange) {
        exchanges.add(exchange);
    }

    /** Queries of {@code plane} recorded, each cut at {@code rowLimit} rows when there is one. */
    DataPlane queries(DataPlane plane, Integer rowLimit) {
        return new DataPlane() {
            @Override
            public List<DatasetSummary> listDatasets() {
                return plane.listDatasets();
            }

            @Override
            public Dataset getDataset(String datasetId) {
                return plane.getDataset(datasetId);
            }

            @Override
            public QueryResult query(String datasetId, String sql) {
                long started = System.nanoTime();
                try (RowCursor cursor = openQuery(datasetId, sql, started)) {
                    List<List<Object>> rows = new ArrayList<>();
                    while (cursor.next()) {
                        rows.add(Arrays.asList(cursor.row().clone()));
                    }
                    return new QueryResult(datasetId, cursor.columns(), rows);
                }
            }

            @Override
            public RowCursor openQuery(String datasetId, String sql) {
                return openQuery(datasetId, sql, System.nanoTime());
            }

            private RowCursor openQuery(String datasetId, String sql, long started) {
                RowCursor cursor = plane.openQuery(datasetId, sql);
                return new RowCursor() {
                    private long rows;
                    private boolean capped;
                    private boolean lookedPastLimit;
                    private boolean closed;

                    @Override
                    public List<Column> columns() {
                        return cursor.columns();
                    }

                    @Override
                    public boolean next() {
                        if (rowLimit != null && rows >= rowLimit) {
                            if (!lookedPastLimit) {
                                lookedPastLimit = true;
                                capped = cursor.next();
                            }
                            return false;
                        }
                        boolean more = cursor.next();
                        rows += more ? 1 : 0;
                        return more;
                    }

                    @Override
                    public Object[] row() {
                        return cursor.row();
                    }

                    @Override
                    public void close() {
                        cursor.close();
                        if (!closed) {
                            closed = true;
                            synchronized (TestRunTrace.this) {
                                queries.add(new TestRun.Query(datasetId, sql, rows, capped,
                                        (System.nanoTime() - started) / 1_000_000));
                            }
                        }
                    }
                };
            }

            @Override
            public long rowsRead() {
                return plane.rowsRead();
            }
        };
    }

    /**
     * The built-in writers the script gets: in dry mode previews that write nothing; live, the real writers with each
     * write recorded. Null when there are none.
     */
    OutputWriters writers(OutputWriters live, WritePreview.Maker previews) {
        if (dry) {
            if (previews == null) {
                return (spec, rows) -> {
                    throw new InvalidStateException("DOMO.writeTo cannot be previewed here: this deployment has no write previews");
                };
            }
            return (spec, rows) -> {
                WritePreview p = previews.preview(spec, rows, WRITE_PREVIEW_ROWS);
                synchronized (this) {
                    writes.add(new TestRun.Write(p.location(), p.format(), p.rows(), p.bytes(), p.requests(), p.published(),
                            false, p.columns(), p.firstRows()));
                }
                return new WriteSummary(p.rows(), p.bytes(), p.location(), 0, null, p.published());
            };
        }
        if (live == null) {
            return null;
        }
        return (spec, rows) -> {
            WriteSummary s = live.write(spec, rows);
            synchronized (this) {
                writes.add(new TestRun.Write(s.location(), spec.format().type().name(), s.rows(), s.bytes(), 0, s.published(),
                        s.published(), rows.columns(), List.of()));
            }
            return s;
        };
    }

    synchronized List<TestRun.Query> queries(SecretRedactor redactor) {
        return queries.stream().map(q -> new TestRun.Query(q.datasetId(), redactor.apply(q.sql()), q.rows(),
                q.rowLimitReached(), q.millis())).toList();
    }

    synchronized List<TestRun.Write> writes(SecretRedactor redactor) {
        return writes.stream().map(w -> new TestRun.Write(redactor.apply(w.location()), w.format(), w.rows(), w.bytes(),
                w.requests(), w.published(), w.written(), w.columns(), w.firstRows().stream()
                        .map(row -> row.stream().map(c -> c instanceof String text ? (Object) cell(redactor.apply(text)) : c).toList())
                        .toList())).toList();
    }

    /**
     * The exchanges with every secret masked in URLs, headers and bodies, each body cut at {@code bodyCap} bytes and
     * all of them at {@code totalCap} (later bodies are left out; every size is kept), so a record stays readable in
     * one answer.
     */
    synchronized List<TestRun.Exchange> exchanges(SecretRedactor redactor, int bodyCap, int totalCap) {
        int[] left = {totalCap};
        return exchanges.stream().map(e -> {
            HttpTap.Response r = e.response();
            String requestBody = body(e.request().body(), redactor, bodyCap, left);
            String responseBody = r == null ? null : body(r.body(), redactor, bodyCap, left);
            return new TestRun.Exchange(e.request().method(), redactor.apply(e.request().url()),
                    headers(e.request().headers(), redactor), requestBody,
                    e.request().body() == null ? 0 : e.request().body().length, r == null ? 0 : r.status(),
                    r == null ? Map.of() : headers(r.headers(), redactor), responseBody,
                    r == null ? 0 : r.body().length, e.stubbed(), e.error() == null ? null : redactor.apply(e.error()));
        }).toList();
    }

    private static Map<String, List<String>> headers(Map<String, List<String>> headers, SecretRedactor redactor) {
        Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> out.put(name, values.stream().map(redactor::apply).toList()));
        return new LinkedHashMap<>(out);
    }

    private static String body(byte[] body, SecretRedactor redactor, int cap, int[] left) {
        if (body == null) {
            return null;
        }
        // redact the whole text first, so a secret the cap would cut in two is still masked
        byte[] redacted = redactor.apply(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        int kept = Math.max(0, Math.min(Math.min(cap, left[0]), redacted.length));
        left[0] -= kept;
        return new String(redacted, 0, kept, StandardCharsets.UTF_8);
    }

    private static String cell(String text) {
        return text.length() > PREVIEW_CELL_CHARS ? text.substring(0, PREVIEW_CELL_CHARS) + "…" : text;
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q >= 0 ? url.substring(0, q) : url;
    }
}
