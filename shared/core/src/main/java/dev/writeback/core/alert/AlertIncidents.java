package dev.writeback.core.alert;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.json.Json;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.StoredItem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The open incidents of a job's alert rules, one item per job ({@code JOB#id / ALERTS}): per rule (by
 * {@link AlertRule#incidentKey()}) whether its incident is open and how many runs failed in a row, and the last run
 * evaluated, so a run told twice is evaluated once. Written conditionally on the revision read.
 */
public final class AlertIncidents {
    private static final String SK = "ALERTS";
    private final DocumentTable table;

    public AlertIncidents(DocumentTable table) {
        this.table = table;
    }

    /** One rule's incident: open or not, and the failed runs in a row the job has had so far. */
    public record Incident(boolean open, int failuresInARow, String openedByRunId) {
        static final Incident NONE = new Incident(false, 0, null);
    }

    /** A job's incidents as read, with the revision to write them back on (0: none written yet). */
    public record State(String lastRunId, Map<String, Incident> incidents, long revision) {
        public State {
            incidents = incidents == null ? Map.of() : Map.copyOf(incidents);
        }

        public Incident incident(String key) {
            return incidents.getOrDefault(key, Incident.NONE);
        }
    }

    private record Body(String lastRunId, Map<String, Incident> incidents) {
    }

    public State read(String jobId) {
        return table.get(pk(jobId), SK).map(i -> {
            Body b = Json.read(i.body(), Body.class);
            return new State(b.lastRunId(), b.incidents() == null ? Map.of() : new LinkedHashMap<>(b.incidents()), i.revision());
        }).orElse(new State(null, Map.of(), 0));
    }

    /** Writes {@code next} if nobody wrote since {@code read}; else {@link dev.writeback.core.error.ConflictException}. */
    public void write(String jobId, State read, String lastRunId, Map<String, Incident> next) {
        StoredItem item = new StoredItem(pk(jobId), SK, read.revision(), null, null, null,
                Json.write(new Body(lastRunId, next)));
        if (read.revision() == 0) {
            table.create(item);
        } else {
            table.update(item);
        }
    }

    /**
     * Forgets the incidents of rules the job no longer has, so a rule added again later starts without one; the
     * incidents of the rules kept stay as they are.
     */
    public void retain(String jobId, Set<String> incidentKeys) {
        for (int attempt = 0; attempt < 5; attempt++) {
            State state = read(jobId);
            if (incidentKeys.containsAll(state.incidents().keySet())) {
                return;
            }
            Map<String, Incident> kept = new LinkedHashMap<>(state.incidents());
            kept.keySet().retainAll(incidentKeys);
            try {
                write(jobId, state, state.lastRunId(), kept);
                return;
            } catch (ConflictException changed) {
                // a run's evaluation wrote meanwhile: read again
            }
        }
    }

    /** Forgets a job's incidents (the job is deleted). */
    public void delete(String jobId) {
        table.get(pk(jobId), SK).ifPresent(i -> table.delete(i.pk(), i.sk(), i.revision()));
    }

    private static String pk(String jobId) {
        return "JOB#" + jobId;
    }
}
