package dev.writeback.core.script;

import java.util.List;
import java.util.Map;

/**
 * How a processing script ended.
 *
 * @param error null when the script ran to its end, else why and where it stopped
 * @param grid the datagrid it built
 * @param log lines written with {@code DOMO.log}, secrets redacted
 * @param state the job state after the run ({@code DOMO.setState}); persisted only on success
 * @param http what {@code httprequest} did
 * @param rowsWritten rows written through built-in writers
 */
public record ProcessOutcome(ScriptError error, DataGrid grid, List<String> log, Map<String, String> state,
                             HttpUsage http, long rowsWritten) {
    public ProcessOutcome {
        log = List.copyOf(log);
        state = Map.copyOf(state);
    }

    public boolean succeeded() {
        return error == null;
    }
}
