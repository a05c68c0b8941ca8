package dev.writeback.core.testing;

import dev.writeback.core.script.AuthOutcome;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.DiscoveryOutcome;
import dev.writeback.core.script.DiscoveryRequest;
import dev.writeback.core.script.HttpUsage;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.script.ScriptSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A script runner whose behaviour each test scripts: by default every script parses, every
 * authentication succeeds and every processing run succeeds with an empty grid. Every call is
 * recorded with the input the pipeline built.
 */
public final class FakeScriptRunner implements ScriptRunner {
    private ScriptError syntaxError;
    private BiFunction<ScriptSource, ScriptInput, AuthOutcome> auth = (s, i) -> accepted();
    private BiFunction<ScriptSource, ScriptInput, ProcessOutcome> process = (s, i) -> succeeded(DataGrid.empty());
    private BiFunction<ScriptInput, DiscoveryRequest, DiscoveryOutcome> discover =
            (i, r) -> new DiscoveryOutcome(List.of(), null, null, List.of());
    private final List<ScriptSource> syntaxChecks = new ArrayList<>();
    private final List<Call> authCalls = new ArrayList<>();
    private final List<Call> processCalls = new ArrayList<>();
    private final List<DiscoveryCall> discoveryCalls = new ArrayList<>();

    /** One script run as the runner saw it. */
    public record Call(ScriptSource source, ScriptInput input) {
    }

    /** One discovery script run as the runner saw it. */
    public record DiscoveryCall(ScriptSource source, ScriptInput input, DiscoveryRequest request) {
    }

    /** The next syntax checks fail with this error (null: scripts parse again). */
    public FakeScriptRunner syntaxError(ScriptError error) {
        syntaxError = error;
        return this;
    }

    public FakeScriptRunner onAuthenticate(BiFunction<ScriptSource, ScriptInput, AuthOutcome> behaviour) {
        auth = behaviour;
        return this;
    }

    public FakeScriptRunner onProcess(BiFunction<ScriptSource, ScriptInput, ProcessOutcome> behaviour) {
        process = behaviour;
        return this;
    }

    /** What discovery scripts return (by default: no options, no tree). */
    public FakeScriptRunner onDiscover(BiFunction<ScriptInput, DiscoveryRequest, DiscoveryOutcome> behaviour) {
        discover = behaviour;
        return this;
    }

    @Override
    public synchronized void checkSyntax(ScriptSource source) {
        syntaxChecks.add(source);
        if (syntaxError != null) {
            throw new ScriptSyntaxException(syntaxError);
        }
    }

    @Override
    public AuthOutcome authenticate(ScriptSource source, ScriptInput input) {
        synchronized (this) {
            authCalls.add(new Call(source, input));
        }
        return auth.apply(source, input);
    }

    @Override
    public ProcessOutcome process(ScriptSource source, ScriptInput input) {
        synchronized (this) {
            processCalls.add(new Call(source, input));
        }
        return process.apply(source, input);
    }

    @Override
    public DiscoveryOutcome discover(ScriptSource source, ScriptInput input, DiscoveryRequest request) {
        synchronized (this) {
            discoveryCalls.add(new DiscoveryCall(source, input, request));
        }
        return discover.apply(input, request);
    }

    public synchronized List<DiscoveryCall> discoveryCalls() {
        return List.copyOf(discoveryCalls);
    }

    public synchronized List<ScriptSource> syntaxChecks() {
        return List.copyOf(syntaxChecks);
    }

    public synchronized List<Call> authCalls() {
        return List.copyOf(authCalls);
    }

    public synchronized List<Call> processCalls() {
        return List.copyOf(processCalls);
    }

    public static AuthOutcome accepted() {
        return new AuthOutcome(true, null, null, List.of());
    }

    public static AuthOutcome refused(String message) {
        return new AuthOutcome(false, message, null, List.of());
    }

    public static ProcessOutcome succeeded(DataGrid grid) {
        return new ProcessOutcome(null, grid, List.of(), Map.of(), HttpUsage.NONE, 0);
    }

    public static ProcessOutcome failed(ScriptError error, List<String> log) {
        return new ProcessOutcome(error, DataGrid.empty(), log, Map.of(), HttpUsage.NONE, 0);
    }
}
