package dev.writeback.core.script;

import dev.writeback.core.changes.ChangeSet;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.scratch.ScratchDatabase;
import dev.writeback.core.time.Deadline;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one script run sees and may use.
 *
 * @param account {@code metadata.account}: the account's fields for its auth type (secrets included: only this run's own account)
 * @param report {@code metadata.report}, or null
 * @param parameters {@code metadata.parameters}: name → string (or list of strings)
 * @param baseUrl {@code metadata.baseurl}
 * @param state what {@code DOMO.getState} returns, persisted per job between runs
 * @param dataPlane where {@code DOMO.getDataset/queryData/listDatasets} read from, or null when the script may not read data (auth scripts)
 * @param deadline the wall-clock time by which the script must have stopped
 * @param redactions secret values that must never appear in logs or error messages
 * @param cancel stops the script when cancelled (a user cancelling the run); never null
 * @param writers the built-in writers bound to this run ({@code DOMO.writeTo}), or null when the script may not use them (auth scripts)
 * @param days {@code metadata.days}: the "last X days" of the job's report; null reads as {@value #DEFAULT_DAYS}
 * @param lastRunDate {@code metadata.lastRunDate}: when the job's last successful run started, or null
 * @param scratchDatabase the job's scratch database ({@code sql}), or null when the script may not use one (auth scripts)
 * @param progress where the host counts what the script has done so far, for reports while it runs; never null
 * @param http where every {@code httprequest} goes ({@link HttpTap#DIRECT} unless a test run records or stubs them)
 * @param changes what changed since the job's last successful run ({@code DOMO.getChanges}), or null when the job's
 *                writeMode is ALL or the script is not a job's run
 */
public record ScriptInput(Map<String, Object> account, String report, Map<String, Object> parameters, String baseUrl,
                          Map<String, String> state, DataPlane dataPlane, Deadline deadline, Set<String> redactions,
                          CancelSignal cancel, OutputWriters writers, Integer days, Instant lastRunDate,
                          ScratchDatabase scratchDatabase, ScriptProgress progress, HttpTap http,
                          ChangeSet changes) {
    public static final int DEFAULT_DAYS = 1;

    public ScriptInput {
        days = days == null ? DEFAULT_DAYS : days;
        progress = progress == null ? new ScriptProgress() : progress;
        cancel = cancel == null ? CancelSignal.never() : cancel;
        // metadata.account holds null standard keys (as in Domo), which Map.copyOf rejects
        account = account == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(account));
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        state = state == null ? Map.of() : Map.copyOf(state);
        redactions = redactions == null ? Set.of() : Set.copyOf(redactions);
        http = http == null ? HttpTap.DIRECT : http;
    }

    /**
     * A builder for an input whose script must have stopped by {@code deadline}. What is not set is empty (account,
     * parameters, state, redactions), absent (report, base URL, data plane, writers, last run, scratch database,
     * changes) or the default (days, progress, a cancel signal nobody raises, requests sent as they are).
     */
    public static Builder builder(Deadline deadline) {
        return new Builder(deadline);
    }

    /** Builds a {@link ScriptInput} by naming each part (see {@link #builder(Deadline)}). */
    public static final class Builder {
        private final Deadline deadline;
        private Map<String, Object> account;
        private String report;
        private Map<String, Object> parameters;
        private String baseUrl;
        private Map<String, String> state;
        private DataPlane dataPlane;
        private Set<String> redactions;
        private CancelSignal cancel;
        private OutputWriters writers;
        private Integer days;
        private Instant lastRunDate;
        private ScratchDatabase scratchDatabase;
        private ScriptProgress progress;
        private HttpTap http;
        private ChangeSet changes;

        private Builder(Deadline deadline) {
            this.deadline = Objects.requireNonNull(deadline, "deadline");
        }

        public Builder account(Map<String, Object> account) {
            this.account = account;
            return this;
        }

        public Builder report(String report) {
            this.report = report;
            return this;
        }

        public Builder parameters(Map<String, Object> parameters) {
            this.parameters = parameters;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder state(Map<String, String> state) {
            this.state = state;
            return this;
        }

        public Builder dataPlane(DataPlane dataPlane) {
            this.dataPlane = dataPlane;
            return this;
        }

        public Builder redactions(Set<String> redactions) {
            this.redactions = redactions;
            return this;
        }

        public Builder cancel(CancelSignal cancel) {
            this.cancel = cancel;
            return this;
        }

        public Builder writers(OutputWriters writers) {
            this.writers = writers;
            return this;
        }

        public Builder days(Integer days) {
            this.days = days;
            return this;
        }

        public Builder lastRunDate(Instant lastRunDate) {
            this.lastRunDate = lastRunDate;
            return this;
        }

        public Builder scratchDatabase(ScratchDatabase scratchDatabase) {
            this.scratchDatabase = scratchDatabase;
            return this;
        }

        public Builder progress(ScriptProgress progress) {
            this.progress = progress;
            return this;
        }

        public Builder http(HttpTap http) {
            this.http = http;
            return this;
        }

        public Builder changes(ChangeSet changes) {
            this.changes = changes;
            return this;
        }

        public ScriptInput build() {
            return new ScriptInput(account, report, parameters, baseUrl, state, dataPlane, deadline, redactions, cancel,
                    writers, days, lastRunDate, scratchDatabase, progress, http, changes);
        }
    }
}
