package dev.writeback.core.testrun;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.writeback.core.data.Column;
import dev.writeback.core.script.DataGrid;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One test run of a connector version's script, and, once it has ended, everything it did: the outcome, the log,
 * the datagrid, every SQL query, every HTTP exchange and every write of the built-in writers, secrets redacted.
 * The version's company may read it for {@link TestRunService#RETENTION}.
 *
 * @param settings what was asked (inline account fields are not kept, only that there were some)
 * @param state the scratch state the script left with {@code DOMO.setState} (a test run reads and writes no job's state)
 * @param logTruncated true when the log went past the test run's log cap and its end was dropped
 */
public record TestRun(String id, String connectorId, int connectorVersion, String companyId, String userId,
                      String script, String mode, TestRunStatus status, Instant queuedAt, Instant startedAt,
                      Instant endedAt, Settings settings, Outcome outcome, List<String> log, boolean logTruncated,
                      DataGrid datagrid, List<Query> queries, List<Exchange> exchanges, List<Write> writes,
                      Map<String, String> state, boolean cancelRequested, long revision) {

    public TestRun {
        log = log == null ? List.of() : List.copyOf(log);
        queries = queries == null ? List.of() : List.copyOf(queries);
        exchanges = exchanges == null ? List.of() : List.copyOf(exchanges);
        writes = writes == null ? List.of() : List.copyOf(writes);
        state = state == null ? Map.of() : Map.copyOf(state);
    }

    @JsonProperty(value = "durationMillis", access = JsonProperty.Access.READ_ONLY)
    public Long durationMillis() {
        return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt).toMillis();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with some fields changed. */
    public static final class Builder {
        private final TestRun r;
        private TestRunStatus status;
        private Instant startedAt;
        private Instant endedAt;
        private Outcome outcome;
        private List<String> log;
        private boolean logTruncated;
        private DataGrid datagrid;
        private List<Query> queries;
        private List<Exchange> exchanges;
        private List<Write> writes;
        private Map<String, String> state;
        private boolean cancelRequested;

        private Builder(TestRun r) {
            this.r = r;
            status = r.status;
            startedAt = r.startedAt;
            endedAt = r.endedAt;
            outcome = r.outcome;
            log = r.log;
            logTruncated = r.logTruncated;
            datagrid = r.datagrid;
            queries = r.queries;
            exchanges = r.exchanges;
            writes = r.writes;
            state = r.state;
            cancelRequested = r.cancelRequested;
        }

        public Builder status(TestRunStatus v) { status = v; return this; }
        public Builder startedAt(Instant v) { startedAt = v; return this; }
        public Builder endedAt(Instant v) { endedAt = v; return this; }
        public Builder outcome(Outcome v) { outcome = v; return this; }
        public Builder log(List<String> v, boolean truncated) { log = v; logTruncated = truncated; return this; }
        public Builder datagrid(DataGrid v) { datagrid = v; return this; }
        public Builder queries(List<Query> v) { queries = v; return this; }
        public Builder exchanges(List<Exchange> v) { exchanges = v; return this; }
        public Builder writes(List<Write> v) { writes = v; return this; }
        public Builder state(Map<String, String> v) { state = v; return this; }
        public Builder cancelRequested(boolean v) { cancelRequested = v; return this; }

        public TestRun build() {
            return new TestRun(r.id, r.connectorId, r.connectorVersion, r.companyId, r.userId, r.script, r.mode, status,
                    r.queuedAt, startedAt, endedAt, r.settings, outcome, log, logTruncated, datagrid, queries, exchanges,
                    writes, state, cancelRequested, r.revision);
        }
    }

    /**
     * What the author asked for, as kept with the record.
     *
     * @param submittedCredentials a reviewer's test run with the test credentials of the submission
     * @param reviewerCompanyId that reviewer's company, whose reviewer may read the record; null otherwise
     */
    public record Settings(String accountId, boolean inlineFields, String report, Map<String, String> parameters,
                           Integer rowLimit, List<CannedResponse> responses, boolean submittedCredentials,
                           String reviewerCompanyId) {
        public Settings {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
            responses = responses == null ? List.of() : List.copyOf(responses);
        }
    }

    /**
     * How it ended. An auth test run says whether the script accepted the credentials and its message; a process test
     * run that failed says at which stage ({@code credentials}, {@code domo}, {@code script}) and, for a script
     * error, its kind, script, line and column.
     */
    public record Outcome(Boolean authenticated, String message, String stage, String kind, String script, Integer line,
                          Integer column) {
    }

    /** One SQL query of the script: rows it returned, whether the row cap cut it, and how long it took. */
    public record Query(String datasetId, String sql, long rows, boolean rowLimitReached, long millis) {
    }

    /**
     * One HTTP exchange of the script (each redirect hop is one). Bodies are text, at most {@link TestRunService#BODY_CAP}
     * bytes each; the sizes are the full ones.
     *
     * @param stubbed true when a dry run answered it and nothing was sent
     * @param error why no response came (connection refused, timeout, the address guard), or null
     */
    public record Exchange(String method, String url, Map<String, List<String>> requestHeaders, String requestBody,
                           long requestBytes, int status, Map<String, List<String>> responseHeaders, String responseBody,
                           long responseBytes, boolean stubbed, String error) {
    }

    /**
     * One call of the built-in writers ({@code DOMO.writeTo}). In dry mode nothing is written: it says what would have
     * been (rows, the bytes the target would have received, requests or objects) and the first rows.
     */
    public record Write(String location, String format, long rows, long bytes, long requests, boolean published,
                        boolean written, List<Column> columns, List<List<Object>> firstRows) {
    }
}
