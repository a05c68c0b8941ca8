package dev.writeback.sql;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.json.Json;
import dev.writeback.core.testing.DataPlaneContract;
import dev.writeback.core.time.Deadline;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.domo.standin.DomoStandin;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;

/** The DataPlane contract on Calcite, over the contract's DataSets exported by the Domo stand-in on loopback. */
class CalciteDataPlaneContractIT extends DataPlaneContract {
    static final DomoCredentials CREDS = new DomoCredentials("client-1", "s3cret", List.of("data"));

    @TempDir
    Path dir;
    private DomoStandin standin;

    @Override
    protected DataPlane newPlane(List<Fixture> datasets) throws IOException {
        for (Fixture d : datasets) {
            Files.writeString(dir.resolve(d.id() + ".json"), Json.write(Map.of("name", d.name(), "owner", Map.of("id", "9", "name", "Ann"),
                    "schema", Map.of("columns", d.schema().stream().map(c -> Map.of("name", c.name(), "type", c.type().name())).toList()))));
            Files.writeString(dir.resolve(d.id() + ".csv"), d.rows().stream()
                    .map(row -> row.stream().map(CalciteDataPlaneContractIT::csvCell).collect(Collectors.joining(",")))
                    .collect(Collectors.joining("\n", "", "\n")));
        }
        standin = DomoStandin.builder().client(CREDS.clientId(), CREDS.clientSecret()).datasetsFrom(dir).start();
        return new CalciteDataPlaneFactory(standin.baseUri(), HttpClient.newHttpClient(), Clock.systemUTC(),
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)), 1_000)
                .open(CREDS, Deadline.after(Duration.ofMinutes(1), Clock.systemUTC()));
    }

    @Override
    protected void closePlane() {
        if (standin != null) {
            standin.close();
        }
    }

    /** Domo's CSV export: an empty field is null, a quoted one a string (so "" is the empty string). */
    private static String csvCell(Object value) {
        return switch (value) {
            case null -> "";
            case String s -> "\"" + s.replace("\"", "\"\"") + "\"";
            case BigDecimal d -> d.toPlainString();
            default -> value.toString();
        };
    }
}
