package dev.writeback.core.script;

/**
 * Why a script did not complete, and where.
 *
 * @param kind what kind of failure
 * @param message the message (the author's own for thrown errors and {@code datagrid.error}); secrets redacted
 * @param script the script's name
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param code the code passed to {@code datagrid.error(code, message)}, else null
 */
public record ScriptError(Kind kind, String message, String script, int line, int column, Integer code) {

    public enum Kind {
        /** The script does not parse. */
        SYNTAX,
        /** The script threw. */
        RUNTIME,
        /** The script called {@code datagrid.error(code, message)}. */
        DATAGRID_ERROR,
        /** The run's wall-clock deadline passed. */
        DEADLINE,
        /** A resource limit (statements, memory, log or datagrid size) was exceeded. */
        LIMIT,
        /** The script tried something the sandbox forbids (host access, a blocked address, …). */
        SANDBOX,
        /** The run was cancelled ({@link ScriptInput#cancel()}) while the script ran. */
        CANCELLED
    }

    /** {@code process.js:12:5: message}, or just the message when there is no location. */
    public String describe() {
        if (line <= 0) {
            return script + ": " + message;
        }
        return script + ":" + line + ":" + column + ": " + message;
    }
}
