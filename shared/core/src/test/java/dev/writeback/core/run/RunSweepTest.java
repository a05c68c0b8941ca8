package dev.writeback.core.run;

import static dev.writeback.core.testing.TestWorld.BOB;
import static dev.writeback.core.testing.TestWorld.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.account.Account;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.job.Job;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.HttpUsage;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.store.StoredItem;
import dev.writeback.core.testing.FakeScriptRunner;
import dev.writeback.core.testing.TestWorld;
import dev.writeback.core.time.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs left behind by a stopped executor: the sweep, the heartbeat and cancels of runs nobody holds. */
class RunSweepTest {
    private static final Instant LEASE_END = START.plus(RunService.LEASE);

    private final TestWorld world = new TestWorld();
    private final RunService runs = world.services.runs();
    private final RunRepository repository = world.services.runRepository();
    private final Job job;

    /** What the Lambda runtime or a kill -9 does to a run in the middle: nothing after it happens. */
    private static final class ContainerStopped extends Error {
    }

    RunSweepTest() {
        ConnectorVersion connector = world.publishedApiKeyConnector();
        Account account = world.apiKeyAccount(BOB, connector.connectorId());
        job = world.job(BOB, connector, account, null);
        world.dataPlanes.dataset("ds-1", "Contacts", List.of(), List.of());
    }

    private static ProcessOutcome succeeded() {
        return new ProcessOutcome(null, DataGrid.empty(), List.of("done"), Map.of(), HttpUsage.NONE, 0);
    }

    /** Starts a run whose executor stops in the middle of its script and, like a killed process, keeps the job's slot. */
    private Run orphan() {
        world.scripts.onProcess((s, i) -> {
            throw new ContainerStopped();
        });
        assertThrows(ContainerStopped.class, () -> runs.runNow(BOB, job.id(), null));
        Run running = runs.list(BOB, job.id(), 10, null).items().getFirst();
        assertEquals(RunStatus.RUNNING, running.status());
        assertEquals(LEASE_END, running.leaseExpiresAt(), "leased for one lease length from its start");
        // the killed process never gave its slot back
        world.services.jobRepository().takeRunSlot(job.id(), running.id(), START.plus(Duration.ofMinutes(10)), START);
        world.scripts.onProcess((s, i) -> succeeded());
        return running;
    }

    @Test
    void aRunWhoseExecutorStoppedIsEndedLostOnceItsLeasePassesWithoutAnyoneReadingIt() {
        Run orphan = orphan();

        world.clock.set(LEASE_END.minusSeconds(1));
        assertEquals(new RunService.SweepReport(1, 0, 0, 0), runs.sweep());
        assertEquals(RunStatus.RUNNING, repository.get(orphan.id()).status(), "its lease has not passed yet");

        world.clock.set(LEASE_END.plusSeconds(1));
        assertEquals(RunStatus.RUNNING, runs.get(BOB, orphan.id()).status(), "reading it changes nothing: only the sweep ends runs");
        assertEquals(new RunService.SweepReport(1, 1, 0, 0), runs.sweep());

        Run lost = repository.get(orphan.id());
        assertEquals(RunStatus.FAILED, lost.status());
        assertEquals("lost", lost.error().stage());
        assertEquals("lost", lost.error().kind());
        assertTrue(lost.error().message().startsWith("The executor stopped during the run (its lease expired at "
                + LEASE_END + " without being renewed)"), lost.error().message());
        assertEquals(LEASE_END.plusSeconds(1), lost.endedAt());
        assertNull(lost.leaseExpiresAt());
        assertTrue(runs.log(BOB, orphan.id()).startsWith("[lost] the executor stopped during the run"));
        assertEquals(List.of(), repository.activeIds(), "an ended run leaves the active listing");
        assertEquals(new RunService.SweepReport(0, 0, 0, 0), runs.sweep());

        Run next = runs.runNow(BOB, job.id(), null).run();
        assertEquals(RunStatus.SUCCEEDED, next.status(), "the sweep gave the lost run's slot back: " + next.error());
    }

    @Test
    void aNewRunOfTheJobEndsALostRunHoldingTheSlotInsteadOfFailingAsAnOverlap() {
        Run orphan = orphan();
        world.clock.set(LEASE_END.plusSeconds(5));

        Run next = runs.runNow(BOB, job.id(), null).run();

        assertEquals(RunStatus.SUCCEEDED, next.status(), String.valueOf(next.error()));
        Run lost = repository.get(orphan.id());
        assertEquals(RunStatus.FAILED, lost.status());
        assertEquals("lost", lost.error().stage());
    }

    @Test
    void aRunWhoseHolderIsAliveOverlapsAsBefore() {
        orphan();
        world.clock.set(LEASE_END.minusSeconds(5));

        Run next = runs.runNow(BOB, job.id(), null).run();

        assertEquals(RunStatus.FAILED, next.status());
        assertEquals("overlap", next.error().kind());
    }

    @Test
    void aLiveRunRenewsItsLeaseByHeartbeatSoTheSweepNeverEndsIt() {
        world.scripts.onProcess((s, input) -> {
            // five minutes of work: five times the lease
            for (int i = 0; i < 12; i++) {
                world.clock.advance(Duration.ofSeconds(25));
                Instant now = world.clock.instant();
                String id = runs.list(BOB, job.id(), 1, null).items().getFirst().id();
                waitFor(() -> repository.get(id).leaseExpiresAt().equals(now.plus(RunService.LEASE)));
                RunService.SweepReport report = runs.sweep();
                assertEquals(0, report.lost(), "swept at " + now);
            }
            return succeeded();
        });

        Run run = runs.runNow(BOB, job.id(), null).run();

        assertEquals(RunStatus.SUCCEEDED, run.status(), String.valueOf(run.error()));
        assertEquals(START.plusSeconds(300), run.endedAt());
        assertEquals(List.of(), repository.activeIds());
    }

    @Test
    void aHolderWhoseRunWasEndedElsewhereStopsAndThatEndStands() {
        CountDownLatch stopped = new CountDownLatch(1);
        world.scripts.onProcess((s, input) -> {
            Run running = repository.get(runs.list(BOB, job.id(), 1, null).items().getFirst().id());
            // another process's sweep found the lease lapsed (a long pause here) and ended the run
            world.clock.set(LEASE_END.plusSeconds(1));
            repository.update(running.toBuilder().status(RunStatus.FAILED).endedAt(LEASE_END.plusSeconds(1))
                    .leaseExpiresAt(null).error(RunError.of("lost", "lost", "swept")).build());
            input.cancel().onCancel(stopped::countDown);
            await(stopped);
            assertTrue(input.cancel().reason().startsWith("The run was ended while it executed (FAILED: swept"),
                    input.cancel().reason());
            return FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.CANCELLED, input.cancel().reason(),
                    "process.js", 1, 1, null), List.of());
        });

        Run run = runs.runNow(BOB, job.id(), null).run();

        assertEquals(RunStatus.FAILED, run.status());
        assertEquals(RunError.of("lost", "lost", "swept"), run.error(), "the holder does not write over the end");
        world.scripts.onProcess((s, i) -> succeeded());
        Run next = runs.runNow(BOB, job.id(), null).run();
        assertEquals(RunStatus.SUCCEEDED, next.status(), "and it gave its slot back: " + next.error());
    }

    @Test
    void aQueuedRunThatNeverStartedIsEndedAfterTheQueueLimitAndNeverStartsLater() {
        Run queued = repository.create(Run.queued("run-never", job, Trigger.HTTP, null, START));

        world.clock.set(START.plus(RunService.QUEUE_LIMIT).minusSeconds(1));
        assertEquals(new RunService.SweepReport(1, 0, 0, 0), runs.sweep());
        assertEquals(RunStatus.QUEUED, repository.get(queued.id()).status());

        world.clock.set(START.plus(RunService.QUEUE_LIMIT));
        assertEquals(new RunService.SweepReport(1, 0, 1, 0), runs.sweep());
        Run ended = repository.get(queued.id());
        assertEquals(RunStatus.FAILED, ended.status());
        assertEquals("lost", ended.error().stage());
        assertEquals("never-started", ended.error().kind());
        assertTrue(ended.error().message().startsWith("The run never started"), ended.error().message());

        Run lateDelivery = runs.execute(queued.id(), Deadline.after(Duration.ofMinutes(10), world.clock));
        assertEquals(RunStatus.FAILED, lateDelivery.status());
        assertEquals(List.of(), world.scripts.processCalls(), "a launch that arrives late never executes it");
    }

    @Test
    void cancellingARunNobodyHoldsEndsItAtOnce() {
        Run orphan = orphan();
        world.clock.set(LEASE_END.plusSeconds(2));

        Run cancelled = runs.cancel(BOB, orphan.id());

        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertEquals(LEASE_END.plusSeconds(2), cancelled.endedAt());
        assertEquals("bob", cancelled.cancelRequestedBy());
        assertEquals(RunError.of("lost", "cancelled", "The run was cancelled by bob at " + LEASE_END.plusSeconds(2)
                + "; no executor held it any more (its lease expired at " + LEASE_END
                + " without being renewed), so it ended at once."), cancelled.error());
        assertEquals(List.of(), repository.activeIds());
        assertEquals(RunStatus.SUCCEEDED, runs.runNow(BOB, job.id(), null).run().status(), "its slot was given back");
    }

    @Test
    void aCancelAskedOfARunWhoseExecutorThenStopsEndsCancelledWhenTheLeasePasses() {
        Run orphan = orphan();
        world.clock.set(START.plusSeconds(10));
        Run asked = runs.cancel(BOB, orphan.id());
        assertEquals(RunStatus.RUNNING, asked.status(), "its lease still runs: its holder may still stop it");

        world.clock.set(LEASE_END);
        assertEquals(new RunService.SweepReport(1, 1, 0, 0), runs.sweep());

        Run ended = repository.get(orphan.id());
        assertEquals(RunStatus.CANCELLED, ended.status());
        assertEquals("lost", ended.error().stage());
        assertTrue(ended.error().message().startsWith("The run was cancelled by bob at " + START.plusSeconds(10)),
                ended.error().message());
    }

    @Test
    void aSecondDeliveryOfAFinishedScheduledRunLeavesNothingInTheActiveListing() {
        world.scripts.onProcess((s, i) -> succeeded());
        Deadline deadline = Deadline.after(Duration.ofMinutes(10), world.clock);
        assertEquals(RunStatus.SUCCEEDED, runs.runScheduled(job.id(), "evt-1", deadline).run().status());

        assertTrue(runs.runScheduled(job.id(), "evt-1", deadline).duplicate());

        assertEquals(List.of(), repository.activeIds());
    }

    @Test
    void theSweepRemovesWhatACrashBetweenTwoWritesLeftInTheActiveListing() {
        // a marker whose run was never created (the process stopped between the two writes)
        world.table.create(StoredItem.of("RUNS#ACTIVE", "run-ghost", "{\"runId\":\"run-ghost\",\"jobId\":\"" + job.id()
                + "\",\"since\":\"" + START + "\"}"));
        world.clock.set(START.plus(RunService.QUEUE_LIMIT));

        assertEquals(new RunService.SweepReport(1, 0, 0, 1), runs.sweep());
        assertEquals(List.of(), repository.activeIds());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting for the heartbeat");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
