package dev.writeback.core.data;

/** One entry of Domo's DataSet list ({@code GET /v1/datasets}). */
public record DatasetSummary(String id, String name, String description, long rows, int columns,
                             String createdAt, String updatedAt) {
}
