package dev.writeback.domo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.testing.MutableClock;
import dev.writeback.core.time.Deadline;
import dev.writeback.domo.standin.DomoStandin;
import dev.writeback.domo.standin.Fault;
import dev.writeback.domo.standin.QueryHook;
import dev.writeback.domo.standin.RecordedRequest;
import dev.writeback.domo.standin.StandinDataset;
import dev.writeback.domo.standin.StandinDataset.StandinColumn;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomoClientIT {

    private static final DomoCredentials CREDS = new DomoCredentials("client-1", "s3cret", List.of("data"));

    @TempDir
    Path dir;
    MutableClock standinClock;
    DomoStandin standin;
    List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        Path csv = dir.resolve("sales.csv");
        Files.writeString(csv, "open,3,1.5,2024-03-01\nclose,,\"\",2024-03-02\n");
        standinClock = new MutableClock(Instant.now());
        standin = DomoStandin.builder().client("client-1", "s3cret", "data", "user").client("user-only", "pw", "user")
                .clock(standinClock)
                .dataset(new StandinDataset("ds-sales", "Sales", "Daily sales", "7", "Ann", List.of(
                        new StandinColumn("action", "STRING"), new StandinColumn("count", "LONG"),
                        new StandinColumn("label", "STRING"), new StandinColumn("day", "DATE")),
                        csv, 2, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-02-02T00:00:00Z"))
                .start();
    }

    @AfterEach
    void stop() {
        standin.close();
    }

    private DomoClient.Builder client() {
        return DomoClient.builder().baseUri(standin.baseUri()).credentials(CREDS)
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)))
                .sleeper(sleeps::add);
    }

    private List<String> paths() {
        return standin.requests().stream().map(r -> r.method() + " " + r.path() + " " + r.status()).toList();
    }

    @Test
    void getsADatasetWithItsSchemaAndCachesTheToken() {
        DomoClient c = client().build();
        Dataset d = c.getDataset("ds-sales");
        assertEquals(new Dataset("ds-sales", "Sales", "Daily sales", "7", "Ann", 2, List.of(
                new Column("action", DomoType.STRING), new Column("count", DomoType.LONG),
                new Column("label", DomoType.STRING), new Column("day", DomoType.DATE)),
                "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-02-02T00:00:00Z"), d);
        c.getDataset("ds-sales");
        assertEquals(List.of("POST /oauth/token 200", "GET /v1/datasets/ds-sales 200", "GET /v1/datasets/ds-sales 200"), paths());
    }

    @Test
    void asksForTheTokenWithAGetAndQueryWhenConfiguredSo() {
        client().tokenRequestStyle(TokenRequestStyle.GET_QUERY).build().getDataset("ds-sales");
        RecordedRequest token = standin.requests().get(0);
        assertEquals("GET /oauth/token grant_type=client_credentials&scope=data",
                token.method() + " " + token.path() + " " + token.query());
    }

    @Test
    void listsMoreThanFiftyDatasetsPageByPage() throws IOException {
        Path csv = dir.resolve("empty.csv");
        Files.writeString(csv, "");
        for (int i = 0; i < 120; i++) {
            standin.addDataset(StandinDataset.of(String.format("many-%03d", i), String.format("Many %03d", i),
                    List.of(new StandinColumn("a", "STRING")), csv));
        }
        List<DatasetSummary> all = client().build().listDatasets(null, "name");
        assertEquals(121, all.size());
        assertEquals("Many 000", all.get(0).name());
        assertEquals("Many 119", all.get(119).name());
        assertEquals("Sales", all.get(120).name());
        assertEquals(List.of("limit=50&offset=0&sort=name", "limit=50&offset=50&sort=name", "limit=50&offset=100&sort=name",
                        "limit=50&offset=150&sort=name"),
                standin.requests("/v1/datasets").stream().map(RecordedRequest::query).toList());

        List<DatasetSummary> sales = client().build().listDatasets("sAL", null);
        assertEquals(List.of(new DatasetSummary("ds-sales", "Sales", "Daily sales", 2, 4, "2024-01-01T00:00:00Z",
                "2024-02-01T00:00:00Z")), sales);
    }

    @Test
    void exportsTheCsvAsAStreamWithAHeader() throws IOException {
        try (InputStream in = client().build().exportCsv("ds-sales")) {
            assertEquals("\"action\",\"count\",\"label\",\"day\"\nopen,3,1.5,2024-03-01\nclose,,\"\",2024-03-02\n",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        RecordedRequest export = standin.requests("/v1/datasets/ds-sales/data").get(0);
        assertEquals("includeHeader=true", export.query());
    }

    @Test
    void anUnknownDatasetIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> client().build().getDataset("nope"));
        assertTrue(e.getMessage().startsWith("Domo DataSet 'nope' was not found: HTTP 404 Not Found: DataSet nope was not found (toe "),
                e.getMessage());
    }

    @Test
    void renewsTheTokenOnceWhenDomoSaysItExpiredMidRun() {
        DomoClient c = client().build();
        c.getDataset("ds-sales");
        standinClock.advance(Duration.ofHours(2)); // Domo's view: the cached token expired
        c.getDataset("ds-sales");
        assertEquals(List.of("POST /oauth/token 200", "GET /v1/datasets/ds-sales 200",
                "GET /v1/datasets/ds-sales 401", "POST /oauth/token 200", "GET /v1/datasets/ds-sales 200"), paths());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void theExpiredTokenAnswerCarriesDomosWwwAuthenticateHeader() throws Exception {
        String token = client().build().accessToken();
        standinClock.advance(Duration.ofHours(2));
        var http = HttpClient.newHttpClient();
        var response = http.send(HttpRequest.newBuilder(standin.baseUri().resolve("/v1/datasets/ds-sales"))
                .header("Authorization", "bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow()
                .startsWith("Bearer error=\"invalid_token\", error_description=\"An error occurred while attempting to decode the Jwt: Jwt expired at "));
        assertTrue(response.body().startsWith("{\"status\":401,\"statusReason\":\"Unauthorized\",\"message\":\"Jwt expired at "), response.body());
    }

    @Test
    void renewsTheTokenBeforeItsExpiryByItsOwnClock() {
        MutableClock clientClock = new MutableClock(Instant.now());
        DomoClient c = client().clock(clientClock).build();
        c.getDataset("ds-sales");
        clientClock.advance(Duration.ofMinutes(59)); // within a minute of exp: renew first, no 401
        c.getDataset("ds-sales");
        assertEquals(List.of("POST /oauth/token 200", "GET /v1/datasets/ds-sales 200",
                "POST /oauth/token 200", "GET /v1/datasets/ds-sales 200"), paths());
    }

    @Test
    void waitsAsToldByRetryAfterThenSucceeds() {
        standin.failNext("/v1/datasets/ds-sales", 2, Fault.tooManyRequests(7));
        assertEquals("Sales", client().build().getDataset("ds-sales").name());
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(7)), sleeps);
        assertEquals(List.of("POST /oauth/token 200", "GET /v1/datasets/ds-sales 429", "GET /v1/datasets/ds-sales 429",
                "GET /v1/datasets/ds-sales 200"), paths());
    }

    @Test
    void givesUpAfterTheLastAttemptWithDomosMessage() {
        standin.failNext("/v1/datasets/ds-sales", 5, Fault.status(500));
        UpstreamException e = assertThrows(UpstreamException.class, () -> client().build().getDataset("ds-sales"));
        assertTrue(e.getMessage().startsWith("Could not get DataSet ds-sales at Domo after 3 attempts; last answer: "
                + "HTTP 500 Internal Server Error: Scripted failure from the Domo stand-in (toe "), e.getMessage());
        assertEquals(2, sleeps.size());
        sleeps.forEach(d -> assertTrue(d.compareTo(Duration.ofSeconds(1)) <= 0, "backoff capped at 1 s: " + d));
        assertEquals(3, standin.requests("/v1/datasets/ds-sales").size());
    }

    @Test
    void doesNotWaitPastTheDeadline() {
        standin.failNext("/v1/datasets/ds-sales", 1, Fault.tooManyRequests(120));
        DomoClient c = client().deadline(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC())).build();
        UpstreamException e = assertThrows(UpstreamException.class, () -> c.getDataset("ds-sales"));
        assertEquals("Could not get DataSet ds-sales at Domo before the run's deadline (next retry in 120000 ms); "
                + "last answer: HTTP 429 Too Many Requests: Scripted failure from the Domo stand-in", e.getMessage().replaceAll(" \\(toe \\w+\\)$", ""));
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void unreachableDomoIsAnUpstreamFailureAfterRetries() {
        URI closed = standin.baseUri();
        standin.close();
        DomoClient c = DomoClient.builder().baseUri(closed).credentials(CREDS)
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1))).sleeper(sleeps::add).build();
        UpstreamException e = assertThrows(UpstreamException.class, () -> c.getDataset("ds-sales"));
        assertTrue(e.getMessage().startsWith("Could not get an access token at Domo after 2 attempts; last answer: Domo could not be reached (ConnectException"),
                e.getMessage());
    }

    @Test
    void aTokenWithoutTheDataScopeIsRefusedWithDomosBody() {
        DomoClient c = client().credentials(new DomoCredentials("user-only", "pw", List.of("user"))).build();
        UpstreamException e = assertThrows(UpstreamException.class, () -> c.getDataset("ds-sales"));
        assertTrue(e.getMessage().startsWith("Could not get DataSet ds-sales at Domo: HTTP 403 Forbidden: The access token lacks the 'data' scope (toe "),
                e.getMessage());
    }

    @Test
    void queryWithoutAnEngineIsRejectedAndWithOneIsTyped() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> client().build().query("ds-sales", "select * from table"));
        assertTrue(e.getMessage().startsWith("Domo rejected the query: HTTP 400 Bad Request: This Domo stand-in has no query engine"),
                e.getMessage());

        standin.queryHook((ds, sql) -> new QueryHook.Result(List.of("n", "d", "day", "ts", "s"),
                List.of("LONG", "DECIMAL", "DATE", "DATETIME", "STRING"),
                List.of(Arrays.asList(35000, 0.0035, "2019-03-19", "2019-03-19T18:49:02", ds.id() + ":" + sql),
                        Arrays.asList(null, null, null, null, null))));
        QueryResult r = client().build().query("ds-sales", "select 1");
        assertEquals("ds-sales", r.datasource());
        assertEquals(List.of(Arrays.asList(35000L, new BigDecimal("0.0035"), LocalDate.of(2019, 3, 19),
                LocalDateTime.of(2019, 3, 19, 18, 49, 2), "ds-sales:select 1"), Arrays.asList(null, null, null, null, null)), r.rows());
        assertEquals(List.of(DomoType.LONG, DomoType.DECIMAL, DomoType.DATE, DomoType.DATETIME, DomoType.STRING),
                r.columns().stream().map(Column::type).toList());
    }

    @Test
    void theVerifierAcceptsGoodCredentialsAndExplainsRefusals() {
        DomoTokenVerifier v = new DomoTokenVerifier(standin.baseUri(), HttpClient.newHttpClient(), Clock.systemUTC(),
                RetryPolicy.defaults());
        v.verify(CREDS);
        UnprocessableException bad = assertThrows(UnprocessableException.class,
                () -> v.verify(new DomoCredentials("client-1", "wrong", List.of("data"))));
        assertTrue(bad.getMessage().startsWith("Domo refused the client credentials: HTTP 401 Unauthorized: Bad credentials (toe "),
                bad.getMessage());
        UnprocessableException scope = assertThrows(UnprocessableException.class,
                () -> v.verify(new DomoCredentials("user-only", "pw", List.of("data"))));
        assertTrue(scope.getMessage().startsWith("Domo refused the client credentials: HTTP 400 Bad Request: Invalid scope: data (toe "),
                scope.getMessage());
    }
}
