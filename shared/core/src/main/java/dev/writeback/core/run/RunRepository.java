package dev.writeback.core.run;

import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.ItemCodec;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import java.util.Optional;

/** Runs in the single table: {@code RUN#id / ROOT}, listed per job newest first. */
public final class RunRepository {
    private static final String ROOT = "ROOT";
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
        return toRun(table.create(item(run)));
    }

    public Run update(Run run) {
        return toRun(table.update(item(run)));
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
