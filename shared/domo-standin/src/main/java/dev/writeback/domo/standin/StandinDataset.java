package dev.writeback.domo.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One DataSet the stand-in serves: its metadata and a CSV file (no header, Domo dialect) holding
 * its rows. The file is streamed on export, never loaded.
 */
public record StandinDataset(String id, String name, String description, String ownerId, String ownerName,
                             List<StandinColumn> columns, Path csvFile, long rows,
                             String createdAt, String updatedAt, String dataCurrentAt) {

    static final Set<String> TYPES = Set.of("STRING", "LONG", "DOUBLE", "DECIMAL", "DATE", "DATETIME");
    private static final String DEFAULT_TIME = "2024-01-01T00:00:00Z";

    public StandinDataset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(csvFile, "csvFile");
        columns = List.copyOf(columns);
        description = description == null ? "" : description;
        ownerId = ownerId == null ? "1" : ownerId;
        ownerName = ownerName == null ? "Stand-in Owner" : ownerName;
        createdAt = createdAt == null ? DEFAULT_TIME : createdAt;
        updatedAt = updatedAt == null ? createdAt : updatedAt;
        dataCurrentAt = dataCurrentAt == null ? updatedAt : dataCurrentAt;
        for (StandinColumn c : columns) {
            if (!TYPES.contains(c.type())) {
                throw new IllegalArgumentException("DataSet " + id + ": column '" + c.name() + "' has type '" + c.type()
                        + "', which is not a Domo type " + TYPES);
            }
        }
    }

    /** A column name and its Domo type (STRING, LONG, DOUBLE, DECIMAL, DATE or DATETIME). */
    public record StandinColumn(String name, String type) {
        public StandinColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** A DataSet whose row count is taken from its CSV file (records counted, quoted newlines respected). */
    public static StandinDataset of(String id, String name, List<StandinColumn> columns, Path csvFile) {
        return new StandinDataset(id, name, null, null, null, columns, csvFile, countRecords(csvFile), null, null, null);
    }

    /** Reads {@code <id>.json} (name, description, owner, schema.columns, optional rows) beside {@code <id>.csv}. */
    public static StandinDataset load(Path json, ObjectMapper mapper) {
        String file = json.getFileName().toString();
        String id = file.substring(0, file.length() - ".json".length());
        Path csv = json.resolveSibling(id + ".csv");
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("DataSet " + json + " has no data file " + csv.getFileName());
        }
        try {
            JsonNode node = mapper.readTree(json.toFile());
            List<StandinColumn> columns = new ArrayList<>();
            for (JsonNode c : node.path("schema").path("columns")) {
                columns.add(new StandinColumn(c.path("name").asText(), c.path("type").asText()));
            }
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("DataSet " + json + " has no schema.columns");
            }
            JsonNode owner = node.path("owner");
            long rows = node.hasNonNull("rows") ? node.get("rows").asLong() : countRecords(csv);
            return new StandinDataset(node.path("id").asText(id), node.path("name").asText(id), text(node, "description"),
                    text(owner, "id"), text(owner, "name"), columns, csv, rows,
                    text(node, "createdAt"), text(node, "updatedAt"), text(node, "dataCurrentAt"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read DataSet " + json, e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Counts CSV records: newlines outside quotes, plus a last record without a trailing newline. */
    static long countRecords(Path csv) {
        try (InputStream in = Files.newInputStream(csv)) {
            byte[] buf = new byte[1 << 16];
            long records = 0;
            boolean quoted = false;
            int last = '\n';
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '"') {
                        quoted = !quoted;
                    } else if (b == '\n' && !quoted) {
                        records++;
                    }
                }
                last = buf[n - 1];
            }
            return last == '\n' ? records : records + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + csv, e);
        }
    }
}
