package dev.writeback.core.script;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.scratch.ScratchDatabase;
import dev.writeback.core.time.Deadline;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 */
public record ScriptInput(Map<String, Object> account, String report, Map<String, Object> parameters, String baseUrl,
                          Map<String, String> state, DataPlane dataPlane, Deadline deadline, Set<String> redactions,
                          CancelSignal cancel, OutputWriters writers, Integer days, Instant lastRunDate,
                          ScratchDatabase scratchDatabase, ScriptProgress progress) {
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
    }

    /** An input whose progress nobody reads while it runs. */
    public ScriptInput(Map<String, Object> account, String report, Map<String, Object> parameters, String baseUrl,
                       Map<String, String> state, DataPlane dataPlane, Deadline deadline, Set<String> redactions,
                       CancelSignal cancel, OutputWriters writers, Integer days, Instant lastRunDate,
                       ScratchDatabase scratchDatabase) {
        this(account, report, parameters, baseUrl, state, dataPlane, deadline, redactions, cancel, writers, days,
                lastRunDate, scratchDatabase, null);
    }

    /** An input of a script outside a job's run: the default days, no last run, no scratch database. */
    public ScriptInput(Map<String, Object> account, String report, Map<String, Object> parameters, String baseUrl,
                       Map<String, String> state, DataPlane dataPlane, Deadline deadline, Set<String> redactions,
                       CancelSignal cancel, OutputWriters writers) {
        this(account, report, parameters, baseUrl, state, dataPlane, deadline, redactions, cancel, writers, null, null, null, null);
    }

    /** An input nobody cancels, without built-in writers. */
    public ScriptInput(Map<String, Object> account, String report, Map<String, Object> parameters, String baseUrl,
                       Map<String, String> state, DataPlane dataPlane, Deadline deadline, Set<String> redactions) {
        this(account, report, parameters, baseUrl, state, dataPlane, deadline, redactions, null, null, null, null, null, null);
    }
}
