package dev.writeback.core.job;

import static dev.writeback.core.testing.TestWorld.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.account.Account;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.job.JobService.JobRequest;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import dev.writeback.core.testing.InMemoryDocumentTable;
import dev.writeback.core.testing.TestWorld;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A job's owner changes it while one of its runs ends: the run's success (which moves only the job's
 * {@code lastSuccessfulRunStartedAt}) is no reason to answer the owner's change with 409, and neither change is lost.
 * Another write to the job meanwhile still is a conflict.
 */
class JobUpdateRaceTest {
    private static final Instant RUN_STARTED = Instant.parse("2026-03-01T06:00:00Z");

    private final RacingTable table = new RacingTable(new InMemoryDocumentTable());
    private final TestWorld world = new TestWorld(b -> b.table(table));
    private final JobService jobs = world.services.jobs();
    private final ConnectorVersion connector = world.published(TestWorld.apiKeyAuth(), List.of("Contacts"),
            List.of(new Parameter("datasetId", Parameter.Type.STRING, "The input DataSet", true, null)), Visibility.PRIVATE);
    private final Account account = world.apiKeyAccount(BOB, connector.connectorId());
    private final Job job = jobs.create(BOB, new JobRequest(connector.connectorId(), account.id(), "Nightly", "Contacts",
            Map.of("datasetId", "ds-1"), null, null));

    @Test
    void aRunSucceedingWhileTheOwnerRenamesTheJobKeepsBothTheNameAndTheRunsTime() {
        table.beforeNextJobWrite(jobId -> new JobRepository(table).recordSuccessfulRun(jobId, RUN_STARTED));

        Job renamed = jobs.update(BOB, job.id(), new JobRequest(null, null, "Hourly", null, null, null, null));

        assertEquals("Hourly", renamed.name());
        assertEquals(RUN_STARTED, renamed.lastSuccessfulRunStartedAt());
        Job stored = jobs.get(BOB, job.id());
        assertEquals("Hourly", stored.name());
        assertEquals(RUN_STARTED, stored.lastSuccessfulRunStartedAt());
        assertEquals(renamed.revision(), stored.revision());
    }

    @Test
    void aRunSucceedingWhileTheOwnerPausesTheJobLeavesItPausedWithTheRunsTime() {
        table.beforeNextJobWrite(jobId -> new JobRepository(table).recordSuccessfulRun(jobId, RUN_STARTED));

        Job paused = jobs.pause(BOB, job.id());

        assertEquals(JobStatus.PAUSED, jobs.get(BOB, job.id()).status());
        assertEquals(RUN_STARTED, paused.lastSuccessfulRunStartedAt());
    }

    @Test
    void anotherChangeOfTheJobMeanwhileIsStillAConflict() {
        table.beforeNextJobWrite(jobId -> {
            JobRepository repository = new JobRepository(table);
            Job current = repository.get(jobId);
            repository.update(new Job(current.id(), current.companyId(), current.ownerUserId(), current.connectorId(),
                    current.connectorVersion(), current.accountId(), "Renamed elsewhere", current.report(),
                    current.parameters(), current.schedule(), current.retry(), current.status(), current.createdAt(),
                    current.updatedAt(), current.revision(), current.domoClientKey(), current.days(),
                    current.lastSuccessfulRunStartedAt(), current.selections(), current.alerts(), current.incremental()));
        });

        assertThrows(ConflictException.class,
                () -> jobs.update(BOB, job.id(), new JobRequest(null, null, "Hourly", null, null, null, null)));
        assertEquals("Renamed elsewhere", jobs.get(BOB, job.id()).name());
    }

    /** A table that lets something else write a job between the service's read and its write. */
    private static final class RacingTable implements DocumentTable {
        private final DocumentTable delegate;
        private Consumer<String> beforeNextJobWrite;

        RacingTable(DocumentTable delegate) {
            this.delegate = delegate;
        }

        void beforeNextJobWrite(Consumer<String> race) {
            beforeNextJobWrite = race;
        }

        @Override
        public StoredItem update(StoredItem item) {
            Consumer<String> race = beforeNextJobWrite;
            if (race != null && item.pk().startsWith("JOB#") && item.sk().equals("ROOT")) {
                beforeNextJobWrite = null;
                race.accept(item.pk().substring("JOB#".length()));
            }
            return delegate.update(item);
        }

        @Override
        public Optional<StoredItem> get(String pk, String sk) {
            return delegate.get(pk, sk);
        }

        @Override
        public StoredItem create(StoredItem item) {
            return delegate.create(item);
        }

        @Override
        public void delete(String pk, String sk, long expectedRevision) {
            delegate.delete(pk, sk, expectedRevision);
        }

        @Override
        public Page<StoredItem> query(String pk, String skPrefix, boolean descending, int limit, String cursor) {
            return delegate.query(pk, skPrefix, descending, limit, cursor);
        }

        @Override
        public Page<StoredItem> queryListing(String gsi1pk, boolean descending, int limit, String cursor) {
            return delegate.queryListing(gsi1pk, descending, limit, cursor);
        }
    }
}
