package dev.writeback.core.script;

/**
 * Runs connector scripts in a sandbox with the Domo-compatible host API
 * ({@code httprequest}, {@code auth}, {@code DOMO}, {@code metadata}, {@code datagrid}, {@code discovery}).
 * A script's failure is an outcome, not an exception.
 */
public interface ScriptRunner {

    /** Throws {@link ScriptSyntaxException} naming line and column if the script does not parse. */
    void checkSyntax(ScriptSource source);

    AuthOutcome authenticate(ScriptSource source, ScriptInput input);

    ProcessOutcome process(ScriptSource source, ScriptInput input);

    /** Runs a discovery script: the options or the tree it builds for one parameter. */
    DiscoveryOutcome discover(ScriptSource source, ScriptInput input, DiscoveryRequest request);
}
