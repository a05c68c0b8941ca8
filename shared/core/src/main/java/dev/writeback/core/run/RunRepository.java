package dev.writeback.core.run;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.json.Json;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.ItemCodec;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs in the single table: {@code RUN#id / ROOT}, listed per job newest first (the listing index).
 *
 * <p>Unfinished runs are also listed in one partition, {@code RUNS#ACTIVE / <run id>}, by a small marker
 * item (the run's id, job and when it was queued: well under 200 bytes), so the sweep that ends runs
 * whose executor is gone reads only the runs that may need it. A separate item rather than the listing
 * index, which already lists each run under its job. The marker is written before the run and deleted
 * after its final record, so every unfinished run has one; a marker left by a crash between the two
 * writes (a run that never got created, or one that finished) is removed by the sweep.
 */
public final class RunRepository {
    private static final String ROOT = "ROOT";
    private static final String ACTIVE = "RUNS#ACTIVE";

    /** One unfinished run as the active listing names it. */
    public record Active(String runId, String jobId, String since) {
    }
    private final DocumentTable table;

    public RunRepository(DocumentTable table) {
        this.table = table;
    }

    private static String pk(String id) {
        return "RUN#" + id;
    }

    public Optional<Run> find(String id) {
        return table.get(pk(id), ROOT).map(RunRepository::toRun);
    }

    public Run get(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** Claims a run id: succeeds once; a second claim of the same id gets {@code ConflictException}. */
    public Run create(Run run) {
        boolean listed = false;
        if (!run.status().finished()) {
            try {
                table.create(StoredItem.of(ACTIVE, run.id(), Json.write(Map.of("runId", run.id(), "jobId", run.jobId(),
                        "since", String.valueOf(run.queuedAt())))));
                listed = true;
            } catch (ConflictException alreadyListed) {
                // a second claim of the same id while the first is unfinished: the run's own create decides
            }
        }
        try {
            return toRun(table.create(item(run)));
        } catch (ConflictException duplicate) {
            if (listed) {
                unlist(run.id()); // a second claim of a run that has finished: it must not be listed again
            }
            throw duplicate;
        }
    }

    /** Replaces the run if its revision is current; a run that has finished leaves the active listing. */
    public Run update(Run run) {
        Run stored = toRun(table.update(item(run)));
        if (stored.status().finished()) {
            unlist(stored.id());
        }
        return stored;
    }

    /** The unfinished runs (and markers a crash left behind), a page at a time. */
    public Page<Active> listActive(int limit, String cursor) {
        return table.query(ACTIVE, "", false, limit, cursor).map(i -> {
            Map<?, ?> m = Json.read(i.body(), Map.class);
            return new Active((String) m.get("runId"), (String) m.get("jobId"), (String) m.get("since"));
        });
    }

    /** Removes a run from the active listing (nothing happens if it is not listed). */
    public void unlist(String runId) {
        try {
            table.delete(ACTIVE, runId, 1);
        } catch (NotFoundException | ConflictException gone) {
            // already removed (markers are never updated, so revision 1 is the only one)
        }
    }

    /** Every unfinished run's id, for tests and tools. */
    List<String> activeIds() {
        return listActive(1000, null).items().stream().map(Active::runId).toList();
    }

    public Page<Run> listForJob(String jobId, int limit, String cursor) {
        return table.queryListing("RUNS#" + jobId, true, limit, cursor).map(RunRepository::toRun);
    }

    static NotFoundException notFound(String id) {
        return new NotFoundException("There is no run " + id + ".");
    }

    private static StoredItem item(Run run) {
        return new StoredItem(pk(run.id()), ROOT, run.revision(), "RUNS#" + run.jobId(),
                run.queuedAt() + "#" + run.id(), null, ItemCodec.write(run));
    }

    private static Run toRun(StoredItem item) {
        return ItemCodec.read(item, Run.class).toBuilder().revision(item.revision()).build();
    }
}
