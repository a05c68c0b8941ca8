package dev.writeback.script;

/**
 * Resource caps of one script run.
 *
 * @param statementLimit JavaScript statements a run may execute (GraalJS {@code ResourceLimits}); the host API's own
 *                       JavaScript glue does not count
 * @param maxLogBytes UTF-8 bytes of log kept per run; later lines are dropped and one marker line says so
 * @param maxGridRows datagrid rows kept; later rows are dropped and {@code DataGrid.truncated} is set
 * @param maxGridCells datagrid cells kept (rows × columns); same behaviour as {@code maxGridRows}
 * @param maxStringLength longest JavaScript string a script may build (GraalJS {@code js.string-length-limit});
 *                        longer ones fail with {@code RangeError: Invalid string length}
 */
public record ScriptLimits(long statementLimit, int maxLogBytes, int maxGridRows, long maxGridCells, int maxStringLength) {

    public ScriptLimits {
        if (statementLimit <= 0 || maxLogBytes <= 0 || maxGridRows <= 0 || maxGridCells <= 0 || maxStringLength <= 0) {
            throw new IllegalArgumentException("every script limit must be positive");
        }
    }

    /** 500M statements, 1 MiB of log, 100k rows / 5M cells of datagrid, strings up to 64M characters. */
    public static ScriptLimits defaults() {
        return new ScriptLimits(500_000_000L, 1 << 20, 100_000, 5_000_000L, 64 << 20);
    }

    public ScriptLimits withStatementLimit(long limit) {
        return new ScriptLimits(limit, maxLogBytes, maxGridRows, maxGridCells, maxStringLength);
    }

    public ScriptLimits withMaxLogBytes(int bytes) {
        return new ScriptLimits(statementLimit, bytes, maxGridRows, maxGridCells, maxStringLength);
    }

    public ScriptLimits withGrid(int rows, long cells) {
        return new ScriptLimits(statementLimit, maxLogBytes, rows, cells, maxStringLength);
    }

    public ScriptLimits withMaxStringLength(int chars) {
        return new ScriptLimits(statementLimit, maxLogBytes, maxGridRows, maxGridCells, chars);
    }
}
