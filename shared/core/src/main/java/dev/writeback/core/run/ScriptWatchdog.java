package dev.writeback.core.run;

import dev.writeback.core.script.CancelSignal;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.HttpUsage;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the processing script on its own thread and waits for it, but no longer than the stop grace past
 * the deadline or past a cancel: the run record must be written before the function's time runs out even
 * if the script is stuck in a host call that the sandbox cannot interrupt. A script given up on ends as a
 * DEADLINE or CANCELLED script error.
 */
final class ScriptWatchdog {
    private final ScriptRunner scripts;
    private final Clock clock;
    private final Duration stopGrace;

    ScriptWatchdog(ScriptRunner scripts, Clock clock, Duration stopGrace) {
        this.scripts = scripts;
        this.clock = clock;
        this.stopGrace = stopGrace;
    }

    ProcessOutcome run(ScriptSource source, ScriptInput input, Deadline deadline, CancelSignal cancel) {
        CompletableFuture<ProcessOutcome> outcome = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("run-script").start(() -> {
            try {
                outcome.complete(scripts.process(source, input));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        long[] cancelledAt = {0};
        try (AutoCloseable ignored = cancel.onCancel(() -> cancelledAt[0] = System.nanoTime())) {
            while (true) {
                try {
                    return outcome.get(250, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    boolean pastDeadline = deadline.remaining().isZero()
                            && clock.instant().isAfter(deadline.at().plus(stopGrace));
                    boolean pastCancel = cancelledAt[0] != 0 && System.nanoTime() - cancelledAt[0] > stopGrace.toNanos();
                    if (pastDeadline || pastCancel) {
                        return givenUp(source, input, deadline, cancel, pastCancel);
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the script", e);
        } catch (Exception closing) {
            throw new IllegalStateException(closing);
        }
    }

    /** The outcome of a script that did not stop in time: no output, its state unchanged. */
    private ProcessOutcome givenUp(ScriptSource source, ScriptInput input, Deadline deadline, CancelSignal cancel,
                                   boolean pastCancel) {
        ScriptError.Kind kind = pastCancel ? ScriptError.Kind.CANCELLED : ScriptError.Kind.DEADLINE;
        String why = pastCancel ? cancel.reason() + "; the script did not stop within "
                + stopGrace.toSeconds() + " s (it was inside a host call), so the run was ended without it."
                : "script exceeded its deadline (the run's time ran out at " + deadline.at()
                + ") and did not stop within " + stopGrace.toSeconds()
                + " s (it was inside a host call), so the run was ended without it";
        return new ProcessOutcome(new ScriptError(kind, why, source.name(), 0, 0, null), DataGrid.empty(),
                List.of(), input.state(), HttpUsage.NONE, 0);
    }
}
