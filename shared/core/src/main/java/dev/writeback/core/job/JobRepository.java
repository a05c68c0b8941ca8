package dev.writeback.core.job;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.json.Json;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.ItemCodec;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs in the single table: {@code JOB#id / ROOT} (listed per company) and {@code JOB#id / STATE},
 * the script state ({@code DOMO.setState}) kept between runs.
 */
public final class JobRepository {
    private static final String ROOT = "ROOT";
    private static final String STATE = "STATE";
    private static final String RUN_SLOT = "RUNSLOT";
    private final DocumentTable table;

    public JobRepository(DocumentTable table) {
        this.table = table;
    }

    private static String pk(String id) {
        return "JOB#" + id;
    }

    public Optional<Job> find(String id) {
        return table.get(pk(id), ROOT).map(i -> ItemCodec.read(i, Job.class).withRevision(i.revision()));
    }

    public Job get(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    public Job create(Job job) {
        StoredItem i = table.create(item(job));
        return job.withRevision(i.revision());
    }

    public Job update(Job job) {
        StoredItem i = table.update(item(job));
        return job.withRevision(i.revision());
    }

    public void delete(Job job) {
        table.get(pk(job.id()), STATE).ifPresent(s -> table.delete(s.pk(), s.sk(), s.revision()));
        table.get(pk(job.id()), RUN_SLOT).ifPresent(s -> table.delete(s.pk(), s.sk(), s.revision()));
        table.delete(pk(job.id()), ROOT, job.revision());
    }

    public Page<Job> list(String companyId, int limit, String cursor) {
        return table.queryListing("JOBS#" + companyId, true, limit, cursor)
                .map(i -> ItemCodec.read(i, Job.class).withRevision(i.revision()));
    }

    /**
     * Keeps when the job's latest successful run started ({@link Job#lastSuccessfulRunStartedAt}), on the job's
     * current revision (a user's change meanwhile is kept); nothing when the job was deleted meanwhile.
     */
    public void recordSuccessfulRun(String jobId, Instant startedAt) {
        for (int attempt = 0; ; attempt++) {
            Optional<Job> job = find(jobId);
            if (job.isEmpty()) {
                return;
            }
            try {
                update(job.get().withSuccessfulRunStartedAt(startedAt));
                return;
            } catch (ConflictException changed) {
                if (attempt >= 4) {
                    throw changed;
                }
            } catch (NotFoundException deleted) {
                return;
            }
        }
    }

    /** The job's script state and its revision (0 when none was saved yet). */
    public JobState state(String jobId) {
        return table.get(pk(jobId), STATE)
                .map(i -> new JobState(readMap(i.body()), i.revision()))
                .orElse(new JobState(Map.of(), 0));
    }

    /** Saves the state conditionally on the revision read before the run. */
    public void saveState(String jobId, JobState before, Map<String, String> state) {
        StoredItem item = new StoredItem(pk(jobId), STATE, before.revision(), null, null, null, Json.write(state));
        if (before.revision() == 0) {
            table.create(item);
        } else {
            table.update(item);
        }
    }

    /**
     * Takes the job's run slot for {@code runId} until {@code until}, so two runs of one job never write
     * at once. Returns the run that holds it when another live run does; a slot whose holder's time
     * passed (its container stopped) is taken over.
     */
    public Optional<String> takeRunSlot(String jobId, String runId, Instant until, Instant now) {
        StoredItem slot = new StoredItem(pk(jobId), RUN_SLOT, 0, null, null, until.getEpochSecond(),
                Json.write(Map.of("runId", runId)));
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                table.create(slot);
                return Optional.empty();
            } catch (ConflictException held) {
                Optional<StoredItem> holder = table.get(pk(jobId), RUN_SLOT);
                if (holder.isEmpty()) {
                    continue;
                }
                if (holder.get().expiresAt() != null && holder.get().expiresAt() > now.getEpochSecond()) {
                    return Optional.of(readMap(holder.get().body()).get("runId"));
                }
                try {
                    table.delete(pk(jobId), RUN_SLOT, holder.get().revision());
                } catch (ConflictException | NotFoundException raced) {
                    // another run took over or released it meanwhile: try again
                }
            }
        }
        throw new ConflictException("The run slot of job " + jobId + " is contended; start the run again.");
    }

    /** Gives the run slot back if {@code runId} holds it. */
    public void releaseRunSlot(String jobId, String runId) {
        table.get(pk(jobId), RUN_SLOT).filter(i -> runId.equals(readMap(i.body()).get("runId"))).ifPresent(i -> {
            try {
                table.delete(i.pk(), i.sk(), i.revision());
            } catch (ConflictException | NotFoundException alreadyGone) {
                // taken over after our time passed: it is not ours to delete any more
            }
        });
    }

    static NotFoundException notFound(String id) {
        return new NotFoundException("There is no job " + id + ".");
    }

    private static StoredItem item(Job job) {
        return new StoredItem(pk(job.id()), ROOT, job.revision(), "JOBS#" + job.companyId(),
                job.createdAt() + "#" + job.id(), null, ItemCodec.write(job));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> readMap(String json) {
        return new LinkedHashMap<>(Json.read(json, Map.class));
    }

    /** A job's script state as read, with the revision to write it back against. */
    public record JobState(Map<String, String> values, long revision) {
    }
}
