package dev.writeback.script;

import dev.writeback.core.account.SecretRedactor;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.script.HttpUsage;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptProgress;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.graalvm.polyglot.Value;

/** Everything one script run accumulates; host objects write here, the runner turns it into an outcome. */
final class ScriptRun {
    final ScriptInput input;
    final Deadline deadline;
    final SecretRedactor redactor;
    final RunLog log;
    final GridBuilder grid;
    final Map<String, String> state;
    final List<RowCursor> openCursors = new ArrayList<>();
    final AtomicBoolean deadlineHit = new AtomicBoolean();
    /** {@code Math.random()} of this run, seeded per run: no two runs (nor two restored containers) share a sequence. */
    final SplittableRandom random;
    /** Set when the run's cancel signal fired while the script ran. */
    final AtomicBoolean cancelHit = new AtomicBoolean();
    /** Set when the memory watchdog stopped the run: the heap was nearly full of live objects. */
    final AtomicBoolean memoryHit = new AtomicBoolean();
    /** The script parsed; the SyntaxError that ended it was thrown as it ran (JSON.parse of bad text). */
    boolean syntaxErrorAtRun;
    /** Counted down by a cancel, so that host waits ({@code DOMO.sleep}) end at once. */
    final CountDownLatch stopping = new CountDownLatch(1);
    /** The same counts as {@link #requests}, {@link #bytesSent} and {@link #rowsWritten}, readable while the script runs. */
    final ScriptProgress progress;
    long requests;
    long bytesSent;
    long bytesReceived;
    long rowsWritten;
    Boolean authenticated;
    String authMessage;
    ScriptFailure gridError;
    ScriptFailure lastFailure;
    /** {@code discovery}'s state: set by a discovery run, else a host whose members are refused. */
    DiscoveryHost discovery;
    private Value errorConstructor;

    ScriptRun(ScriptInput input, ScriptLimits limits, long randomSeed) {
        this.input = input;
        this.random = new SplittableRandom(randomSeed);
        this.deadline = input.deadline() != null ? input.deadline() : Deadline.none(Clock.systemUTC());
        this.redactor = SecretRedactor.of(input.redactions());
        this.log = new RunLog(redactor, limits.maxLogBytes());
        this.progress = input.progress();
        this.grid = new GridBuilder(limits.maxGridRows(), limits.maxGridCells(), progress);
        this.state = new LinkedHashMap<>(input.state());
    }

    void bindErrorConstructor(Value errorConstructor) {
        this.errorConstructor = errorConstructor;
    }

    /**
     * A JavaScript {@code Error} to throw from a host method: the script can catch it and read {@code e.message};
     * if it escapes, the outcome reports {@code kind}.
     */
    RuntimeException fail(ScriptError.Kind kind, String message) {
        return fail(new ScriptFailure(kind, message, null));
    }

    RuntimeException fail(ScriptFailure failure) {
        lastFailure = failure;
        return errorConstructor.newInstance(failure.message()).throwException();
    }

    HttpUsage httpUsage() {
        return new HttpUsage(requests, bytesSent, bytesReceived);
    }

    /** Closes every cursor the script left open; one that fails to close does not keep the others open. */
    void closeCursors() {
        for (RowCursor c : openCursors) {
            try {
                c.close();
            } catch (RuntimeException e) {
                Logger.getLogger(ScriptRun.class.getName())
                        .log(Level.WARNING, "A query cursor failed to close", e);
            }
        }
        openCursors.clear();
    }
}
