package dev.writeback.core.run;

import dev.writeback.core.error.ConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Claims of runs: a run id is claimed once (QUEUED), a claimed run is started once under a short lease,
 * and the executor that holds it renews the lease by heartbeat while it executes. Every change is a
 * conditional write on the run's revision, so a run executes at most once and a holder whose record was
 * changed by someone else (a cancel, the sweep) learns of it on its next read. Runs whose lease passed
 * are ended by the {@link RunSweep}, never here.
 */
final class RunClaims {
    private final RunRepository runs;
    private final Clock clock;
    private final Duration lease;
    private final RunEvents events;

    RunClaims(RunRepository runs, Clock clock, Duration lease, RunEvents events) {
        this.runs = runs;
        this.clock = clock;
        this.lease = lease;
        this.events = events;
    }

    /** Creates the run's QUEUED record; if a run with its id exists already, returns that one as a duplicate. */
    RunService.Started claim(Run queued) {
        Run claimed;
        try {
            claimed = runs.create(queued);
        } catch (ConflictException duplicate) {
            return new RunService.Started(runs.get(queued.id()), true);
        }
        events.changed(claimed);
        return new RunService.Started(claimed, false);
    }

    /**
     * Moves a claimed run to RUNNING, leased for one lease length from now (the holder renews it). Empty
     * when another delivery of the same run started it, it was cancelled while queued, or the sweep ended it.
     */
    Optional<Run> start(Run claimed) {
        Instant started = clock.instant();
        Run running;
        try {
            running = runs.update(claimed.toBuilder().status(RunStatus.RUNNING).startedAt(started)
                    .leaseExpiresAt(started.plus(lease)).build());
        } catch (ConflictException movedOn) {
            return Optional.empty();
        }
        events.changed(running);
        return Optional.of(running);
    }

    /**
     * The holder's heartbeat: renews the lease of a RUNNING run (as just read) once a third of it has passed,
     * on the revision read. False when the record changed meanwhile (the next heartbeat reads it again).
     */
    boolean renewIfDue(Run current) {
        Instant now = clock.instant();
        if (current.status() != RunStatus.RUNNING || current.leaseExpiresAt() == null
                || now.isBefore(current.leaseExpiresAt().minus(lease.multipliedBy(2).dividedBy(3)))) {
            return true;
        }
        try {
            runs.update(current.toBuilder().leaseExpiresAt(now.plus(lease)).build());
            return true;
        } catch (ConflictException changed) {
            return false;
        }
    }
}
