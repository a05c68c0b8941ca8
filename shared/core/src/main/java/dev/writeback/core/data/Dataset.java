package dev.writeback.core.data;

import java.util.List;

/** One DataSet with its schema ({@code GET /v1/datasets/{id}}). */
public record Dataset(String id, String name, String description, String ownerId, String ownerName,
                      long rows, List<Column> schema, String createdAt, String updatedAt, String dataCurrentAt) {
    public Dataset {
        schema = List.copyOf(schema);
    }
}
