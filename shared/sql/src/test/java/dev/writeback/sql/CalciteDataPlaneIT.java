package dev.writeback.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.error.WritebackException;
import dev.writeback.core.testing.MutableClock;
import dev.writeback.core.time.Deadline;
import dev.writeback.domo.DomoClient;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.domo.standin.DomoStandin;
import dev.writeback.domo.standin.Fault;
import dev.writeback.domo.standin.QueryHook;
import dev.writeback.domo.standin.RecordedRequest;
import dev.writeback.domo.standin.StandinError;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data plane against the Domo stand-in over real HTTP on loopback. */
class CalciteDataPlaneIT {

    static final DomoCredentials CREDS = new DomoCredentials("client-1", "s3cret", List.of("data"));

    @TempDir
    Path dir;
    DomoStandin standin;
    final MutableClock standinClock = new MutableClock(Instant.now());
    DataPlane plane;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(dir.resolve("ds-types.json"), """
                {"name": "All types", "description": "every Domo type", "owner": {"id": "9", "name": "Ann"},
                 "schema": {"columns": [
                   {"name": "name", "type": "STRING"}, {"name": "count", "type": "LONG"}, {"name": "ratio", "type": "DOUBLE"},
                   {"name": "price", "type": "DECIMAL"}, {"name": "day", "type": "DATE"}, {"name": "at", "type": "DATETIME"},
                   {"name": "col a", "type": "STRING"}]}}
                """);
        Files.writeString(dir.resolve("ds-types.csv"), String.join("\n",
                "open,3,1.5,12.50,2024-03-01,2024-03-01T10:20:30,x",
                ",,,,,,",
                "\"\",-7,-0.25,0.001,1969-12-31,1969-12-31T23:59:59,\"say \"\"hi\"\"\"",
                "\"multi\nline\",42,2.0,1,2000-02-29,2000-02-29T12:00:00,Grüße 日本 🎉", ""));
        standin = DomoStandin.builder().client("client-1", "s3cret").clock(standinClock).datasetsFrom(dir).start();
        plane = factory().open(CREDS, Deadline.after(Duration.ofMinutes(1), Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        standin.close();
    }

    private CalciteDataPlaneFactory factory() {
        return new CalciteDataPlaneFactory(standin.baseUri(), HttpClient.newHttpClient(), Clock.systemUTC(),
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)), 3);
    }

    private List<String> calls() {
        return standin.requests().stream().map(r -> r.method() + " " + r.path() + " " + r.status()).toList();
    }

    @Test
    void listsDescribesAndQueriesEveryType() {
        assertEquals(List.of("ds-types"), plane.listDatasets().stream().map(d -> d.id()).toList());
        Dataset d = plane.getDataset("ds-types");
        assertEquals(4, d.rows());
        assertEquals(new Column("at", DomoType.DATETIME), d.schema().get(5));

        QueryResult r = plane.query("ds-types", "select * from tbl where count > 0 or name is null");
        assertEquals("ds-types", r.datasource());
        assertEquals(List.of(
                List.of("open", 3L, 1.5, new BigDecimal("12.50"), LocalDate.of(2024, 3, 1), LocalDateTime.of(2024, 3, 1, 10, 20, 30), "x"),
                Arrays.asList(null, null, null, null, null, null, null)), r.rows().subList(0, 2));
        assertEquals(3, r.numRows());
        assertEquals(List.of("multi\nline", 42L, 2.0, new BigDecimal("1"), LocalDate.of(2000, 2, 29),
                LocalDateTime.of(2000, 2, 29, 12, 0), "Grüße 日本 🎉"), r.rows().get(2));
        assertEquals(4, plane.rowsRead());
        RecordedRequest export = standin.requests("/v1/datasets/ds-types/data").get(0);
        assertEquals("includeHeader=true", export.query());
    }

    @Test
    void runsOfOneContainerShareTheDomoTokenOfTheirClient() {
        CalciteDataPlaneFactory factory = factory();
        standin.clearRequests();
        for (int run = 0; run < 3; run++) {
            DataPlane p = factory.open(CREDS, Deadline.after(Duration.ofMinutes(1), Clock.systemUTC()));
            assertEquals(4, p.getDataset("ds-types").rows());
        }
        assertEquals(1, standin.requests("/oauth/token").size(), calls().toString());
        DataPlane other = factory.open(new DomoCredentials("client-1", "another secret", List.of("data")),
                Deadline.after(Duration.ofMinutes(1), Clock.systemUTC()));
        assertThrows(RuntimeException.class, () -> other.getDataset("ds-types"), "another secret gets no cached token");
    }

    @Test
    void streamsWithACursor() {
        List<String> seen = new ArrayList<>();
        try (RowCursor c = plane.openQuery("ds-types", "select \"col a\", `name` from `ds-types` where name = '' or name = 'open'")) {
            assertEquals(List.of(new Column("col a", DomoType.STRING), new Column("name", DomoType.STRING)), c.columns());
            while (c.next()) {
                seen.add(c.row()[0] + "|" + c.row()[1]);
            }
        }
        assertEquals(List.of("x|open", "say \"hi\"|"), seen);
    }

    @Test
    void aJoinExportsTheDatasetOncePerTableReferenceAndCountsTheRowsReadFromDomo() throws IOException {
        Files.writeString(dir.resolve("ds-forty.json"), """
                {"name": "Forty", "schema": {"columns": [{"name": "id", "type": "LONG"}, {"name": "name", "type": "STRING"}]}}
                """);
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            csv.append(i).append(",row ").append(i).append('\n');
        }
        Files.writeString(dir.resolve("ds-forty.csv"), csv);
        standin.close();
        standin = DomoStandin.builder().client("client-1", "s3cret").clock(standinClock).datasetsFrom(dir).start();
        plane = factory().open(CREDS, Deadline.after(Duration.ofMinutes(1), Clock.systemUTC()));
        List<String> spoolsBefore = spools();

        // before: the nested-loop join exported the DataSet again for each row of its outer side (41 exports; 1,641 for 3-way)
        assertEquals(List.of(List.of(1600L)), plane.query("ds-forty", "select count(*) from tbl a, tbl b").rows());
        assertEquals(2, standin.requests("/v1/datasets/ds-forty/data").size(), calls().toString());
        assertEquals(80, plane.rowsRead(), "40 rows from each of the two exports; re-reads of the copy do not count");

        standin.clearRequests();
        assertEquals(List.of(List.of(64_000L)), plane.query("ds-forty", "select count(*) from tbl a, tbl b, tbl c").rows());
        assertEquals(3, standin.requests("/v1/datasets/ds-forty/data").size(), calls().toString());
        assertEquals(80 + 120, plane.rowsRead());

        standin.clearRequests();
        assertEquals(List.of(List.of(40L, 820L)), plane.query("ds-forty",
                "select count(*), sum(b.id) from tbl a join tbl b on a.id = b.id").rows());
        assertTrue(standin.requests("/v1/datasets/ds-forty/data").size() <= 2, calls().toString());
        assertEquals(List.of(List.of(40L)), plane.query("ds-forty", "select count(*) from tbl").rows());
        assertEquals(spoolsBefore, spools(), "the copies are deleted when the query ends");
    }

    private static List<String> spools() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("writeback-scan-")).sorted().toList();
        }
    }

    @Test
    void rejectedSqlNeverStartsAnExport() {
        for (String sql : List.of("delete from tbl", "create table t (a int)", "select 1 from tbl; select 2 from tbl",
                "select nope from tbl", "select * from other")) {
            assertThrows(InvalidInputException.class, () -> plane.query("ds-types", sql), sql);
        }
        assertTrue(standin.requests("/v1/datasets/ds-types/data").isEmpty(), calls().toString());
    }

    @Test
    void holdingMoreRowsThanTheCapIsRefused() {
        UnprocessableException e = assertThrows(UnprocessableException.class, () -> plane.query("ds-types", "select name from tbl"));
        assertEquals("The query returns more than 3 rows; add a LIMIT or a WHERE clause, or stream the result.", e.getMessage());
    }

    @Test
    void anUnknownDatasetIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> plane.query("nope", "select * from tbl"));
        assertTrue(e.getMessage().startsWith("Domo DataSet 'nope' was not found"), e.getMessage());
    }

    @Test
    void theTokenExpiresMidRunAndIsRenewed() {
        assertEquals(1, plane.query("ds-types", "select count(*) from tbl where name = 'open'").numRows());
        standinClock.advance(Duration.ofHours(2));
        assertEquals(List.of(List.of(1L)), plane.query("ds-types", "select count(*) from tbl where name = 'open'").rows());
        assertEquals(List.of("POST /oauth/token 200", "GET /v1/datasets/ds-types 200", "GET /v1/datasets/ds-types/data 200",
                "GET /v1/datasets/ds-types 401", "POST /oauth/token 200", "GET /v1/datasets/ds-types 200",
                "GET /v1/datasets/ds-types/data 200"), calls());
    }

    @Test
    void throttledExportIsRetriedAndFailingExportGivesUpClearly() {
        standin.failNext("/v1/datasets/ds-types/data", 1, Fault.tooManyRequests(0));
        assertEquals(List.of(List.of(4L)), plane.query("ds-types", "select count(*) from tbl").rows());
        standin.failNext("/v1/datasets/ds-types/data", 3, Fault.status(503));
        UpstreamException e = assertThrows(UpstreamException.class, () -> plane.query("ds-types", "select count(*) from tbl"));
        assertTrue(e.getMessage().startsWith("Could not export DataSet ds-types at Domo after 3 attempts; last answer: "
                + "HTTP 503 Service Unavailable: Scripted failure from the Domo stand-in (toe "), e.getMessage());
    }

    @Test
    void theStandinsQueryApiCanRunOnTheSameEngine() {
        // how an embedded Domo stand-in answers POST /v1/datasets/query/execute/{id} with this module
        standin.queryHook((ds, sql) -> {
            Dataset dataset = new Dataset(ds.id(), ds.name(), ds.description(), ds.ownerId(), ds.ownerName(), ds.rows(),
                    ds.columns().stream().map(c -> new Column(c.name(), DomoType.valueOf(c.type()))).toList(), null, null, null);
            QueryResult r;
            try {
                r = SqlEngine.query(dataset, () -> Files.newInputStream(ds.csvFile()), false, sql, new LongAdder(), 10_000);
            } catch (WritebackException e) {
                throw new StandinError(e.status() == 404 ? 404 : 400, "Bad Request", e.getMessage());
            }
            List<List<Object>> rows = r.rows().stream().map(row -> row.stream()
                    .map(v -> v instanceof LocalDate || v instanceof LocalDateTime ? v.toString() : v).toList()).toList();
            return new QueryHook.Result(r.columns().stream().map(Column::name).toList(),
                    r.columns().stream().map(c -> c.type().name()).toList(), rows);
        });
        DomoClient client = DomoClient.builder().baseUri(standin.baseUri()).credentials(CREDS).build();
        QueryResult r = client.query("ds-types", "select name, day, at from table where count = 3");
        assertEquals(List.of(List.of("open", LocalDate.of(2024, 3, 1), LocalDateTime.of(2024, 3, 1, 10, 20, 30))), r.rows());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> client.query("ds-types", "drop table tbl"));
        assertTrue(e.getMessage().startsWith("Domo rejected the query: HTTP 400 Bad Request: Only a read-only query "
                + "(SELECT, WITH, UNION, VALUES, ORDER BY) may run on a DataSet; found DROP. (toe "), e.getMessage());
    }
}
