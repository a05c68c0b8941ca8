package dev.writeback.sql;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DomoType;
import dev.writeback.domo.standin.StandinDataset;
import dev.writeback.domo.standin.StandinDataset.StandinColumn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A generated DataSet shaped like a Domo event log; row {@code i} is a pure function of {@code i},
 * so tests know exact aggregates: action is {@code ACTIONS[i % 4]}, user_name is null when
 * {@code i % 10 == 0}, amount is {@code i % 1000 / 4.0}.
 */
public final class DomoLikeData {

    public static final String[] ACTIONS = {"open", "click", "close", "view"};
    public static final List<Column> SCHEMA = List.of(new Column("id", DomoType.LONG), new Column("action", DomoType.STRING),
            new Column("user_name", DomoType.STRING), new Column("amount", DomoType.DOUBLE), new Column("price", DomoType.DECIMAL),
            new Column("day", DomoType.DATE), new Column("ts", DomoType.DATETIME), new Column("note", DomoType.STRING));

    private DomoLikeData() {
    }

    /** Writes {@code rows} rows (no header, Domo dialect) unless the file is already there with that many. */
    public static Path write(Path csv, int rows) throws IOException {
        Path marker = csv.resolveSibling(csv.getFileName() + "." + rows + ".done");
        if (Files.exists(marker) && Files.exists(csv)) {
            return csv;
        }
        Files.createDirectories(csv.toAbsolutePath().getParent());
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(csv), StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder line = new StringBuilder(128);
            for (int i = 0; i < rows; i++) {
                line.setLength(0);
                line.append(i).append(',').append(ACTIONS[i % 4]).append(',');
                if (i % 10 != 0) {
                    line.append("user_").append(i % 5000);
                }
                line.append(',').append((i % 1000) / 4.0).append(',').append(i % 100_000).append('.').append(i % 90 + 10)
                        .append(',').append(2024).append('-').append(pad(i % 12 + 1)).append('-').append(pad(i % 28 + 1))
                        .append(',').append("2024-").append(pad(i % 12 + 1)).append('-').append(pad(i % 28 + 1)).append('T')
                        .append(pad(i % 24)).append(':').append(pad(i % 60)).append(':').append(pad(i % 59)).append(',');
                if (i % 7 == 0) {
                    line.append("\"said \"\"hi\"\", then left\"");
                } else {
                    line.append("note ").append(i % 97);
                }
                w.append(line).append('\n');
            }
        }
        Files.writeString(marker, "");
        return csv;
    }

    private static String pad(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    public static Dataset dataset(String id, long rows) {
        return new Dataset(id, "Events " + id, "generated", "1", "Bench", rows, SCHEMA, null, null, null);
    }

    public static StandinDataset standin(String id, Path csv, long rows) {
        return new StandinDataset(id, "Events " + id, "generated", "1", "Bench",
                SCHEMA.stream().map(c -> new StandinColumn(c.name(), c.type().name())).toList(), csv, rows, null, null, null);
    }
}
