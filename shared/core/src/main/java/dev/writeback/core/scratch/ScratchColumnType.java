package dev.writeback.core.scratch;

import dev.writeback.core.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/** A scratch table column's type: the datagrid's types (Domo's column types) plus BOOLEAN. */
public enum ScratchColumnType {
    STRING, LONG, DOUBLE, DECIMAL, DATE, DATETIME, BOOLEAN;

    /** The type named {@code name} (any case; {@code INTEGER} is LONG, as {@code datagrid.DATA_TYPE_INTEGER}). */
    public static ScratchColumnType of(String column, String name) {
        if (name != null) {
            String upper = name.strip().toUpperCase(Locale.ROOT);
            if (upper.equals("INTEGER")) {
                return LONG;
            }
            for (ScratchColumnType t : values()) {
                if (t.name().equals(upper)) {
                    return t;
                }
            }
        }
        throw new InvalidInputException("column '" + column + "' has the type " + (name == null ? "null" : "'" + name + "'")
                + "; use one of " + Arrays.toString(values()));
    }
}
