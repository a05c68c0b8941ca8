package dev.writeback.script;

import static dev.writeback.script.Inputs.js;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.script.CancelSignal;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
        return ScriptInput.builder(Deadline.after(Duration.ofMinutes(5), Clock.systemUTC())).cancel(cancel).build();
    }

    /** Runs the script; its first {@code DOMO.listDatasets()} call cancels the run from another thread. */
    private static ProcessOutcome cancelledByAUser(String code) {
        CancelSignal cancel = new CancelSignal();
        DataPlane plane = new DataPlane() {
            @Override
            public List<DatasetSummary> listDatasets() {
                Thread.ofPlatform().daemon().start(() -> cancel.cancel(REASON));
                return List.of();
            }

            @Override
            public Dataset getDataset(String datasetId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public QueryResult query(String datasetId, String sql) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RowCursor openQuery(String datasetId, String sql) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long rowsRead() {
                return 0;
            }
        };
        return RUNNER.process(js(code), ScriptInput.builder(Deadline.after(Duration.ofMinutes(5), Clock.systemUTC()))
                .dataPlane(plane).cancel(cancel).build());
    }

    private static void assertCancelled(ProcessOutcome out) {
        // where the script was is not asserted: it depends on when the cancel landed
        assertEquals(Kind.CANCELLED, out.error().kind());
        assertEquals(REASON, out.error().message());
        assertEquals("process.js", out.error().script());
    }

    @Test
    void aBusyLoopIsStopped() {
        assertCancelled(cancelledByAUser("DOMO.listDatasets();\nvar i = 0;\nfor (;;) { i++; }"));
    }

    @Test
    void aSleepEndsAtOnceAndTheScriptCannotCatchTheCancel() {
        ProcessOutcome out = cancelledByAUser("DOMO.listDatasets();\ntry { DOMO.sleep(600000); }\n"
                + "catch (e) { DOMO.log('caught: ' + e.message); for (;;) { } }");

        assertCancelled(out);
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
