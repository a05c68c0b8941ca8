package dev.writeback.core.run;

/**
 * Why a run did not succeed, in words a user can act on, and where.
 *
 * @param stage the pipeline step that failed: {@code job}, {@code credentials}, {@code domo}, {@code script},
 *              {@code internal}; {@code queue} for a cancel before the start; {@code lost} for a run whose executor
 *              stopped during it or that never started (ended by the sweep or by a cancel)
 * @param kind the script error kind, or the failure's problem type
 * @param script the script's name when a script failed, else null
 * @param line 1-based line in the script, or 0
 * @param column 1-based column in the script, or 0
 * @param code the code the script passed to {@code datagrid.error(code, message)}, else null
 */
public record RunError(String stage, String kind, String message, String script, int line, int column, Integer code) {

    /** A failure without a {@code datagrid.error} code. */
    public RunError(String stage, String kind, String message, String script, int line, int column) {
        this(stage, kind, message, script, line, column, null);
    }

    /** A failure outside any script: no script name, line or column. */
    public static RunError of(String stage, String kind, String message) {
        return new RunError(stage, kind, message, null, 0, 0);
    }
}
