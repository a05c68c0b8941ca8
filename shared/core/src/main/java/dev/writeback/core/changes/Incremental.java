package dev.writeback.core.changes;

import dev.writeback.core.Limits;
import dev.writeback.core.Sha256;
import dev.writeback.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * How a job sends only what changed: its {@link WriteMode}, the change query (SQL over {@code tbl}) whose rows are
 * compared, the key columns that identify a row ({@code CHANGES}) or the watermark column ({@code APPEND}).
 */
public record Incremental(WriteMode writeMode, List<String> keyColumns, String changeQuery, String watermarkColumn) {
    public static final String DEFAULT_CHANGE_QUERY = "select * from tbl";
    public static final Incremental ALL = new Incremental(WriteMode.ALL, null, null, null);
    static final int MAX_KEY_COLUMNS = 20;
    static final int MAX_QUERY_CHARS = 8 * 1024;

    public Incremental {
        writeMode = writeMode == null ? WriteMode.ALL : writeMode;
        keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
        changeQuery = changeQuery == null || changeQuery.isBlank() ? DEFAULT_CHANGE_QUERY : changeQuery.strip();
    }

    /**
     * The settings a caller asked for, checked: {@code CHANGES} needs key columns (and no watermark column), {@code APPEND}
     * a watermark column (and no key columns), {@code ALL} neither. Whether the columns exist is known only at run time.
     */
    public static Incremental validate(Incremental requested) {
        if (requested == null) {
            return ALL;
        }
        List<String> problems = new ArrayList<>();
        for (String column : requested.keyColumns()) {
            if (column == null || column.isBlank()) {
                problems.add("keyColumns must name columns (found an empty name)");
            } else {
                Limits.chars("a key column", column, Limits.NAME_CHARS);
            }
        }
        if (requested.keyColumns().size() > MAX_KEY_COLUMNS) {
            problems.add("keyColumns may name at most " + MAX_KEY_COLUMNS + " columns");
        }
        if (new HashSet<>(requested.keyColumns()).size() != requested.keyColumns().size()) {
            problems.add("keyColumns names a column twice");
        }
        Limits.chars("changeQuery", requested.changeQuery(), MAX_QUERY_CHARS);
        Limits.chars("watermarkColumn", requested.watermarkColumn(), Limits.NAME_CHARS);
        boolean watermark = requested.watermarkColumn() != null && !requested.watermarkColumn().isBlank();
        switch (requested.writeMode()) {
            case ALL -> {
                if (!requested.keyColumns().isEmpty() || watermark) {
                    problems.add("keyColumns and watermarkColumn are for writeMode CHANGES and APPEND; this job's writeMode is ALL");
                }
            }
            case CHANGES -> {
                if (requested.keyColumns().isEmpty()) {
                    problems.add("writeMode CHANGES needs keyColumns: the columns that identify a row, e.g. [\"id\"]");
                }
                if (watermark) {
                    problems.add("watermarkColumn is for writeMode APPEND; CHANGES compares rows by keyColumns");
                }
            }
            case APPEND -> {
                if (!watermark) {
                    problems.add("writeMode APPEND needs watermarkColumn: the column whose greatest value the last run saw, e.g. \"updatedAt\"");
                }
                if (!requested.keyColumns().isEmpty()) {
                    problems.add("keyColumns are for writeMode CHANGES; APPEND sends rows past its watermarkColumn");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid incremental settings: " + String.join("; ", problems) + ".");
        }
        return new Incremental(requested.writeMode(), requested.keyColumns().stream().map(String::strip).toList(),
                requested.changeQuery(), watermark ? requested.watermarkColumn().strip() : null);
    }

    /** False for {@code ALL}: the run sends every row and keeps no snapshot. */
    public boolean tracksChanges() {
        return writeMode != WriteMode.ALL;
    }

    /** What a snapshot was taken for: another DataSet, mode, query or key makes it unusable for the next run. */
    String fingerprint(String datasetId) {
        return Sha256.hex(String.join("\u0000", writeMode.name(), datasetId, changeQuery.replaceAll("\\s+", " "),
                String.join("\u0001", keyColumns), watermarkColumn == null ? "" : watermarkColumn), 16);
    }
}
