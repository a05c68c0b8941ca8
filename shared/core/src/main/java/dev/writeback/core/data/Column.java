package dev.writeback.core.data;

import java.util.Objects;

/** A named, typed column of a DataSet or query result. */
public record Column(String name, DomoType type) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
