package dev.writeback.script;

import static dev.writeback.script.Inputs.js;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.writeback.core.script.CancelSignal;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A run's cancel signal stops its script wherever it is; the script cannot catch it. */
class CancelTest {
    private static final GraalScriptRunner RUNNER = GraalScriptRunner.create();
    private static final String REASON = "The run was cancelled by bob at 2025-03-01T09:00:03Z";

    @AfterAll
    static void close() {
        RUNNER.close();
    }

    private static ScriptInput input(CancelSignal cancel) {
        return new ScriptInput(Map.of(), null, Map.of(), null, Map.of(), null,
                Deadline.after(Duration.ofMinutes(5), Clock.systemUTC()), Set.of(), cancel);
    }

    /** Runs the script and cancels it once it has logged "started" (the script runs on this thread). */
    private static ProcessOutcome cancelOnceStarted(String code) {
        CancelSignal cancel = new CancelSignal();
        Thread canceller = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cancel.cancel(REASON);
        });
        ProcessOutcome out = RUNNER.process(js(code), input(cancel));
        canceller.interrupt();
        return out;
    }

    @Test
    void aBusyLoopIsStoppedWhereItIs() {
        ProcessOutcome out = cancelOnceStarted("DOMO.log('started');\nvar i = 0;\nfor (;;) { i++; }");

        assertEquals(Kind.CANCELLED, out.error().kind());
        assertEquals(REASON, out.error().message());
        assertEquals("process.js", out.error().script());
        assertEquals(List.of("started"), out.log());
    }

    @Test
    void aSleepEndsAtOnceAndTheScriptCannotCatchTheCancel() {
        ProcessOutcome out = cancelOnceStarted("DOMO.log('started');\ntry { DOMO.sleep(600000); }\n"
                + "catch (e) { DOMO.log('caught: ' + e.message); for (;;) { } }");

        // a cancelled context keeps no stack, so no line is known (as for the deadline)
        assertEquals(new ScriptError(Kind.CANCELLED, REASON, "process.js", 0, 0, null), out.error());
        assertEquals(List.of("started", "caught: " + REASON), out.log());
    }

    @Test
    void aRunCancelledBeforeItStartsRunsNothingAndTheNextRunWorks() {
        CancelSignal cancel = new CancelSignal();
        cancel.cancel(REASON);

        ProcessOutcome out = RUNNER.process(js("DOMO.log('started');"), input(cancel));

        assertEquals(Kind.CANCELLED, out.error().kind());
        assertEquals(List.of(), out.log());
        ProcessOutcome next = RUNNER.process(js("DOMO.log('next');"), input(new CancelSignal()));
        assertNull(next.error());
        assertEquals(List.of("next"), next.log());
    }

    @Test
    void aCancelAfterTheScriptEndedChangesNothing() {
        CancelSignal cancel = new CancelSignal();
        ProcessOutcome out = RUNNER.process(js("DOMO.log('done');"), input(cancel));
        cancel.cancel(REASON);

        assertNull(out.error());
        assertEquals(List.of("done"), out.log());
    }
}
