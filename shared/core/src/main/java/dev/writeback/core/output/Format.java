package dev.writeback.core.output;

/**
 * How rows are encoded.
 *
 * @param type csv, JSON Lines, JSON array or Parquet
 * @param gzip gzip the bytes (text formats only)
 * @param delimiter CSV field delimiter
 * @param quote CSV quote character
 * @param header CSV header line
 * @param compression Parquet codec: none, snappy, gzip or zstd
 */
public record Format(Type type, boolean gzip, char delimiter, char quote, boolean header, String compression) {
    public enum Type {
        CSV, JSONL, JSON, PARQUET
    }

    public static Format csv() {
        return new Format(Type.CSV, false, ',', '"', true, null);
    }

    public static Format of(Type type) {
        return new Format(type, false, ',', '"', true, type == Type.PARQUET ? "snappy" : null);
    }

    /** The file extension, e.g. {@code csv.gz}. */
    public String extension() {
        String base = switch (type) {
            case CSV -> "csv";
            case JSONL -> "jsonl";
            case JSON -> "json";
            case PARQUET -> "parquet";
        };
        return gzip ? base + ".gz" : base;
    }
}
