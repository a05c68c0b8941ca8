package dev.writeback.core.run;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who executes a run, decided by conditional writes: a run id is claimed once (its QUEUED record is
 * created; asking again finds the first run), a claimed run is started once under a lease, and a RUNNING
 * run whose lease ended (its executor stopped without finishing it) is marked FAILED when it is next read.
 */
final class RunClaims {
    /** How long a lease outlasts the run's deadline: time for the pipeline to record the outcome. */
    private static final Duration LEASE_GRACE = Duration.ofSeconds(30);

    private final RunRepository runs;
    private final Clock clock;

    RunClaims(RunRepository runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    /** Creates the run's QUEUED record; if a run with its id exists already, returns that one as a duplicate. */
    RunService.Started claim(Run queued) {
        try {
            return new RunService.Started(runs.create(queued), false);
        } catch (ConflictException duplicate) {
            return new RunService.Started(expireLease(runs.get(queued.id())), true);
        }
    }

    /**
     * Moves a claimed run to RUNNING, leased until its deadline plus a grace (an hour when it has no
     * deadline). Empty when another delivery of the same run started it or it was cancelled while queued.
     */
    Optional<Run> start(Run claimed, Deadline deadline) {
        Instant started = clock.instant();
        try {
            return Optional.of(runs.update(claimed.toBuilder().status(RunStatus.RUNNING).startedAt(started)
                    .leaseExpiresAt(deadline.at().equals(Instant.MAX) ? started.plus(Duration.ofHours(1))
                            : deadline.at().plus(LEASE_GRACE))
                    .build()));
        } catch (ConflictException movedOn) {
            return Optional.empty();
        }
    }

    /** A RUNNING run whose executor's lease ended is marked FAILED: its container stopped without finishing it. */
    Run expireLease(Run run) {
        if (run.status() != RunStatus.RUNNING || run.leaseExpiresAt() == null
                || clock.instant().isBefore(run.leaseExpiresAt())) {
            return run;
        }
        try {
            return runs.update(run.toBuilder().status(RunStatus.FAILED).endedAt(run.leaseExpiresAt())
                    .leaseExpiresAt(null)
                    .error(RunError.of("executor", "lease-expired",
                            "The executor stopped without finishing the run (its lease expired at " + run.leaseExpiresAt()
                                    + "); nothing after that point was recorded."))
                    .build());
        } catch (ConflictException raced) {
            return runs.get(run.id());
        }
    }
}
