package dev.writeback.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.script.AuthOutcome;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.HttpUsage;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.testing.InMemoryDataPlane;
import dev.writeback.core.time.Deadline;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scripts in the style of Domo's documented examples, against a real HTTP server on 127.0.0.1. */
class ConformanceIT {
    static TestApi api;
    static GraalScriptRunner runner;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi();
        String basic = "Basic " + Base64.getEncoder().encodeToString("ann:pässword".getBytes(StandardCharsets.UTF_8));
        api.route("/me", r -> basic.equals(r.header("Authorization")) ? TestApi.Response.json(200, "{\"user\":\"ann\"}")
                        : TestApi.Response.json(401, "{\"error\":\"bad credentials\"}"))
                .route("/keyed", r -> "k-123".equals(r.header("X-Api-Key")) || "api_key=k-123".equals(r.query())
                        ? TestApi.Response.json(200, "{}") : TestApi.Response.json(403, "{}"))
                .route("/oauth/me", r -> "Bearer at-1".equals(r.header("Authorization")) ? TestApi.Response.json(200, "{}")
                        : TestApi.Response.json(401, "{}"))
                .route("/acme/ping", r -> "tok".equals(r.header("X-Token")) ? TestApi.Response.json(200, "{}") : TestApi.Response.json(401, "{}"))
                .route("/items", r -> {
                    int page = Integer.parseInt(r.query().replaceAll(".*page=(\\d+).*", "$1"));
                    return TestApi.Response.json(200, page < 3
                            ? "{\"items\":[{\"id\":" + (page * 2 - 1) + ",\"name\":\"item" + (page * 2 - 1) + "\"},{\"id\":" + page * 2
                                    + ",\"name\":\"item" + page * 2 + "\"}],\"next\":" + (page + 1) + "}"
                            : "{\"items\":[{\"id\":5,\"name\":\"item5\"}],\"next\":null}");
                })
                .route("/export.csv", r -> new TestApi.Response(200, Map.of("Content-Type", List.of("text/csv")),
                        "region,sales,day\nEast,10.5,2024-01-01\n\"West, Coast\",7,2024-01-02\n".getBytes(StandardCharsets.UTF_8)))
                .route("/headers", r -> new TestApi.Response(200, Map.of("X-Multi", List.of("a", "b"), "Content-Type", List.of("text/plain")),
                        String.valueOf(r.header("X-A")).getBytes(StandardCharsets.UTF_8)))
                .route("/bulk", r -> TestApi.Response.json(r.body().contains("\"fail\"") ? 500 : 201, "{\"accepted\":true}"))
                .route("/birthdays.xml", r -> new TestApi.Response(200, Map.of("Content-Type", List.of("application/xml")), """
                        <BirthdayList updated="2024-05-01">
                          <Entry id="1"><Name>Ann</Name><Birthday>1990-05-01</Birthday><Age>34</Age></Entry>
                          <Entry id="2"><Name>Bob</Name><Birthday>1985-11-30</Birthday><Age>38</Age><Note>cake</Note></Entry>
                        </BirthdayList>""".getBytes(StandardCharsets.UTF_8)))
                .route("/contacts", r -> TestApi.Response.json(200, switch (r.query()) {
                    case "page=1" -> "[{\"id\":1,\"name\":\"Ann\",\"email\":\"ann@x.io\"},{\"id\":2,\"name\":\"Bob\",\"email\":\"bob@x.io\"}]";
                    case "page=2" -> "[{\"email\":\"cy@x.io\",\"id\":3,\"phone\":\"555\"}]";
                    default -> "[]";
                }))
                .route("/earthquakes", r -> TestApi.Response.json(200, "{}"))
                .route("/records/7", r -> TestApi.Response.json(200, "{\"method\":\"" + r.method() + "\",\"body\":" + quote(r.body()) + "}"));
        runner = new GraalScriptRunner(ScriptLimits.defaults(), HttpPolicy.defaults().withInternalTargets(Set.of(api.target())));
    }

    @AfterAll
    static void stop() {
        runner.close();
        api.close();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static ScriptSource script(String name, String code) {
        return new ScriptSource(name, code.replace("{{BASE}}", api.base()));
    }

    static ScriptInput input(Map<String, Object> account, Map<String, Object> parameters, DataPlane plane) {
        return ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC())).account(account).report("Default")
                .parameters(parameters).baseUrl("https://api.domo.com").dataPlane(plane).build();
    }

    static AuthOutcome auth(String code, Map<String, Object> account) {
        return runner.authenticate(script("auth.js", code), input(account, Map.of(), null));
    }

    @Test
    void authTypeNone() {
        assertEquals(new AuthOutcome(true, null, null, List.of()), auth("auth.authenticationSuccess();", Map.of()));
    }

    @Test
    void authUsernamePasswordWithBasicHeader() {
        String code = """
                var encoded = DOMO.b64EncodeUnicode(metadata.account.username + ':' + metadata.account.password);
                httprequest.addHeader('Authorization', 'Basic ' + encoded);
                var res = httprequest.get('{{BASE}}/me');
                DOMO.log('status ' + httprequest.getStatusCode());
                if (httprequest.getStatusCode() == 200) {
                  auth.authenticationSuccess();
                } else {
                  auth.authenticationFailed('Invalid username or password: ' + JSON.parse(res).error);
                }
                """;
        assertEquals(new AuthOutcome(true, null, null, List.of("status 200")), auth(code, Map.of("username", "ann", "password", "pässword")));
        assertEquals(new AuthOutcome(false, "Invalid username or password: bad credentials", null, List.of("status 401")),
                auth(code, Map.of("username", "ann", "password", "wrong")));
    }

    @Test
    void authApiKeyAsHeaderOrParameter() {
        String header = """
                httprequest.addHeader('X-Api-Key', metadata.account.apikey);
                httprequest.get('{{BASE}}/keyed');
                httprequest.getStatusCode() === 200 ? auth.authenticationSuccess() : auth.authenticationFailed('API key refused');
                """;
        String param = """
                httprequest.addParameter('api_key', metadata.account.apikey);
                httprequest.get('{{BASE}}/keyed');
                httprequest.getStatusCode() === 200 ? auth.authenticationSuccess() : auth.authenticationFailed('API key refused');
                """;
        assertTrue(auth(header, Map.of("apikey", "k-123")).authenticated());
        assertTrue(auth(param, Map.of("apikey", "k-123")).authenticated());
        assertEquals("API key refused", auth(param, Map.of("apikey", "nope")).message());
        assertEquals("api_key=nope", api.requests("/keyed").getLast().query());
    }

    @Test
    void authOAuthBearerAndCustomFields() {
        assertTrue(auth("""
                httprequest.addHeader('Authorization', 'Bearer ' + metadata.account.accesstoken);
                httprequest.get('{{BASE}}/oauth/me');
                if (httprequest.getStatusCode() === 200) auth.authenticationSuccess(); else auth.authenticationFailed('token rejected');
                """, Map.of("accesstoken", "at-1")).authenticated());
        assertEquals("token rejected", auth("""
                httprequest.addHeader('Authorization', 'Bearer ' + metadata.account.accesstoken);
                httprequest.get('{{BASE}}/oauth/me');
                if (httprequest.getStatusCode() === 200) auth.authenticationSuccess(); else auth.authenticationFailed('token rejected');
                """, Map.of("accesstoken", "expired")).message());
        assertTrue(auth("""
                httprequest.addHeader('X-Token', metadata.account.token);
                httprequest.get('{{BASE}}/' + metadata.account.instance + '/ping');
                if (httprequest.getStatusCode() === 200) auth.authenticationSuccess(); else auth.authenticationFailed('bad');
                """, Map.of("instance", "acme", "token", "tok")).authenticated());
    }

    @Test
    void processingPagesThroughAnApi() {
        ProcessOutcome out = runner.process(script("process.js", """
                datagrid.addColumn('id', datagrid.DATA_TYPE_INTEGER);
                datagrid.addColumn('name', datagrid.DATA_TYPE_STRING);
                var page = 1;
                while (page) {
                  httprequest.clearParameters();
                  httprequest.addParameter('page', page);
                  var data = JSON.parse(httprequest.get('{{BASE}}/items'));
                  data.items.forEach(function (item) { datagrid.addCell(item.id); datagrid.addCell(item.name); datagrid.endRow(); });
                  page = data.next;
                }
                """), input(Map.of(), Map.of(), null));
        assertNull(out.error());
        assertEquals(List.of(List.of(1L, "item1"), List.of(2L, "item2"), List.of(3L, "item3"), List.of(4L, "item4"), List.of(5L, "item5")),
                out.grid().rows());
        assertEquals(3, out.http().requests());
    }

    @Test
    void processingWithMagicParseCsvAndReportError() {
        ProcessOutcome csv = runner.process(script("process.js", """
                if (metadata.report === 'Default') {
                  datagrid.magicParseCSV(httprequest.get('{{BASE}}/export.csv'));
                } else {
                  datagrid.error(0, metadata.report + ' is not a supported report.');
                }
                """), input(Map.of(), Map.of(), null));
        assertNull(csv.error());
        assertEquals(List.of(new DataGrid.GridColumn("region", "STRING"), new DataGrid.GridColumn("sales", "DOUBLE"),
                new DataGrid.GridColumn("day", "DATE")), csv.grid().columns());
        assertEquals(List.of(List.of("East", 10.5, "2024-01-01"), List.of("West, Coast", 7.0, "2024-01-02")), csv.grid().rows());

        ProcessOutcome missing = runner.process(script("process.js", """
                var body = httprequest.get('{{BASE}}/reports/unknown');
                if (httprequest.getStatusCode() === 404) {
                  datagrid.error(404, 'Report not found: ' + JSON.parse(body).error);
                }
                """), input(Map.of(), Map.of(), null));
        assertEquals(new ScriptError(Kind.DATAGRID_ERROR, "Report not found: no route /reports/unknown", "process.js", 3, 3, 404), missing.error());
    }

    @Test
    void headersAreStatefulUntilCleared() {
        int before = api.requests("/headers").size();
        ProcessOutcome out = runner.process(script("process.js", """
                httprequest.addHeader('X-A', 'one');
                httprequest.addHeader('X-A', 'two');
                DOMO.log(httprequest.getHeader('x-a') + ' ' + httprequest.get('{{BASE}}/headers'));
                DOMO.log(httprequest.getResponseHeader('X-Multi') + ' ' + httprequest.getResponseHeader('Content-Type') + ' ' + httprequest.getResponseHeader('X-None'));
                DOMO.log(httprequest.get('{{BASE}}/headers'));
                httprequest.clearHeaders('{{BASE}}/headers');
                DOMO.log(httprequest.getHeader('X-A') + ' ' + httprequest.get('{{BASE}}/headers'));
                """), input(Map.of(), Map.of(), null));
        assertNull(out.error());
        assertEquals(List.of("two two", "a, b text/plain null", "two", "null null"), out.log());
        assertEquals(3, api.requests("/headers").size() - before);
    }

    @Test
    void writebackPushesQueriedRowsAsJsonBatches() {
        InMemoryDataPlane plane = new InMemoryDataPlane().add("ds-9", "Contacts",
                List.of(new Column("email", DomoType.STRING), new Column("score", DomoType.LONG), new Column("since", DomoType.DATE)),
                List.of(List.of("a@x.io", 1L, LocalDate.of(2024, 1, 1)), List.of("b@x.io", 2L, LocalDate.of(2024, 2, 1)),
                        Arrays.asList("c@x.io", null, null)));
        api.received.clear();
        ProcessOutcome out = runner.process(script("process.js", """
                var ds = DOMO.getDataset(metadata.parameters.datasetId);
                var result = ds.queryData('select * from tbl');
                var batch = [];
                datagrid.addColumn('request', datagrid.DATA_TYPE_STRING);
                datagrid.addColumn('status', datagrid.DATA_TYPE_LONG);
                function flush() {
                  var body = JSON.stringify(batch);
                  httprequest.post('{{BASE}}/bulk', body);
                  datagrid.addCell(body); datagrid.addCell(httprequest.getStatusCode()); datagrid.endRow();
                  batch = [];
                }
                httprequest.addHeader('Content-Type', 'application/json');
                httprequest.addHeader('Authorization', 'Bearer ' + metadata.account.accesstoken);
                for (const row of result.rows) {
                  const obj = {};
                  result.columns.forEach((c, i) => obj[c] = row[i]);
                  batch.push(obj);
                  if (batch.length === 2) flush();
                }
                if (batch.length) flush();
                httprequest.post('{{BASE}}/bulk', '"fail"');
                DOMO.log('failed push status ' + httprequest.getStatusCode());
                """), input(Map.of("accesstoken", "at-1"), Map.of("datasetId", "ds-9"), plane));
        assertNull(out.error());
        List<TestApi.Request> posts = api.requests("/bulk");
        assertEquals(List.of("[{\"email\":\"a@x.io\",\"score\":1,\"since\":\"2024-01-01\"},{\"email\":\"b@x.io\",\"score\":2,\"since\":\"2024-02-01\"}]",
                "[{\"email\":\"c@x.io\",\"score\":null,\"since\":null}]", "\"fail\""), posts.stream().map(TestApi.Request::body).toList());
        posts.forEach(p -> {
            assertEquals("POST", p.method());
            assertEquals("application/json", p.header("Content-Type"));
            assertEquals("Bearer at-1", p.header("Authorization"));
        });
        assertEquals(List.of(List.of(posts.get(0).body(), 201L), List.of(posts.get(1).body(), 201L)), out.grid().rows());
        assertEquals(List.of("failed push status 500"), out.log());
        long sent = posts.stream().mapToLong(p -> p.body().getBytes(StandardCharsets.UTF_8).length).sum();
        assertEquals(new HttpUsage(3, sent, 3 * "{\"accepted\":true}".length()), out.http());
    }

    @Test
    void extensionVerbsAndStreamingPush() {
        InMemoryDataPlane plane = new InMemoryDataPlane().add("big", "Big", List.of(new Column("n", DomoType.LONG)), 25, i -> new Object[] {i});
        api.received.clear();
        ProcessOutcome out = runner.process(script("process.js", """
                DOMO.log(httprequest.put('{{BASE}}/records/7', '{"a":1}'));
                DOMO.log(httprequest.patch('{{BASE}}/records/7', { a: 2 }));
                DOMO.log(httprequest['delete']('{{BASE}}/records/7'));
                DOMO.log(JSON.stringify(httprequest.head('{{BASE}}/records/7')) + ' ' + httprequest.getStatusCode());
                var pushed = DOMO.getDataset('big').queryBatches('select * from tbl', 10, function (rows) {
                  httprequest.post('{{BASE}}/bulk', JSON.stringify(rows.map(function (r) { return { n: r[0] }; })));
                });
                DOMO.log('pushed ' + pushed);
                """), input(Map.of(), Map.of(), plane));
        assertNull(out.error());
        assertEquals(List.of("{\"method\":\"PUT\",\"body\":\"{\\\"a\\\":1}\"}", "{\"method\":\"PATCH\",\"body\":\"{\\\"a\\\":2}\"}",
                "{\"method\":\"DELETE\",\"body\":\"\"}", "\"\" 200", "pushed 25"), out.log());
        assertEquals(List.of(10, 10, 5), api.requests("/bulk").stream().map(r -> r.body().split("\\{").length - 1).toList());
        assertFalse(api.requests("/bulk").getFirst().body().contains("null"));
    }

    @Test
    void magicParseXmlGivesOneRowPerRepeatedElement() {
        ProcessOutcome out = runner.process(script("process.js", """
                var xml = httprequest.get('{{BASE}}/birthdays.xml');
                var entries = DOMO.parseXML(xml).BirthdayList.Entry;
                DOMO.log('entries ' + entries.length);
                datagrid.magicParseXML(xml);
                """), input(Map.of(), Map.of(), null));
        assertNull(out.error());
        assertEquals(List.of("entries 2"), out.log());
        assertEquals(List.of(new DataGrid.GridColumn("id", "DOUBLE"), new DataGrid.GridColumn("Name", "STRING"),
                new DataGrid.GridColumn("Birthday", "DATE"), new DataGrid.GridColumn("Age", "DOUBLE"),
                new DataGrid.GridColumn("Note", "STRING")), out.grid().columns());
        assertEquals(List.of(Arrays.asList(1.0, "Ann", "1990-05-01", 34.0, null), List.of(2.0, "Bob", "1985-11-30", 38.0, "cake")),
                out.grid().rows());

        ProcessOutcome empty = runner.process(script("process.js", """
                datagrid.magicParseXML('<BirthdayList updated="2024-05-01"></BirthdayList>');
                datagrid.magicParseXML('<BirthdayList/>');
                """), input(Map.of(), Map.of(), null));
        assertNull(empty.error());
        assertEquals(List.of(List.of("2024-05-01")), empty.grid().rows(), "the root's attribute is the one row; an empty root none");

        ProcessOutcome broken = runner.process(script("process.js", """
                datagrid.magicParseXML('<BirthdayList><Entry>');
                """), input(Map.of(), Map.of(), null));
        assertEquals(Kind.RUNTIME, broken.error().kind());
        assertEquals(1, broken.error().line());
        assertTrue(broken.error().message().startsWith("datagrid.magicParseXML: the text is not well-formed XML"), broken.error().message());
    }

    @Test
    void magicParseJsonPerPageAlignsColumnsByName() {
        ProcessOutcome out = runner.process(script("process.js", """
                for (var page = 1; ; page++) {
                  httprequest.clearParameters();
                  httprequest.addParameter('page', page);
                  var rows = JSON.parse(httprequest.get('{{BASE}}/contacts'));
                  if (rows.length === 0) break;
                  datagrid.magicParseJSON(rows);
                }
                DOMO.log('pages ' + (page - 1));
                """), input(Map.of(), Map.of(), null));
        assertNull(out.error());
        assertEquals(List.of("pages 2"), out.log());
        assertEquals(List.of("id", "name", "email", "phone"), out.grid().columns().stream().map(DataGrid.GridColumn::name).toList());
        assertEquals(List.of(Arrays.asList(1.0, "Ann", "ann@x.io", null), Arrays.asList(2.0, "Bob", "bob@x.io", null),
                Arrays.asList(3.0, null, "cy@x.io", "555")), out.grid().rows());
    }

    @Test
    void addParameterKeepsCharactersLegalInAQueryValue() {
        ProcessOutcome out = runner.process(script("process.js", """
                httprequest.addParameter('metadata', 0);
                httprequest.addParameter('fields', 'id,name');
                httprequest.addParameter('q', 'a b&c=d+e#f/g?h:i@j;k!l*(m)~n\\'o$p%q é');
                httprequest.get('{{BASE}}/earthquakes');
                DOMO.log('status ' + httprequest.getStatusCode());
                """), input(Map.of(), Map.of(), null));
        assertNull(out.error());
        assertEquals(List.of("status 200"), out.log());
        assertEquals("metadata=0&fields=id,name&q=a%20b%26c%3Dd%2Be%23f/g?h:i@j;k!l*(m)~n'o$p%25q%20%C3%A9",
                api.requests("/earthquakes").getLast().query());
    }

    /** The host is in New York; scripts still see Domo's servers' UTC, in plain dates and in a Date-selector range. */
    @Test
    void scriptsSeeUtcWhateverTheHostTimeZone() {
        TimeZone hostZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try (GraalScriptRunner newYork = new GraalScriptRunner(ScriptLimits.defaults(),
                HttpPolicy.defaults().withInternalTargets(Set.of(api.target())))) {
            ProcessOutcome out = newYork.process(script("process.js", """
                    function ymd(d) {
                      return d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2) + '-' + ('0' + d.getDate()).slice(-2);
                    }
                    var local = new Date(2024, 0, 15, 9, 30);
                    DOMO.log(local.toISOString() + ' ' + local.getHours() + ' ' + local.getTimezoneOffset());
                    DOMO.log(new Date(Date.parse('2024-01-15T09:30:00')).getHours());
                    DOMO.log(new Date().getTimezoneOffset());
                    var start = new Date(DOMO.getStartDate(metadata.parameters.range));
                    var end = new Date(DOMO.getEndDate(metadata.parameters.range));
                    httprequest.addParameter('starttime', ymd(start));
                    httprequest.addParameter('endtime', ymd(end));
                    httprequest.get('{{BASE}}/earthquakes');
                    """), input(Map.of(), Map.of("range", "2024-03-01..2024-03-31"), null));
            assertNull(out.error());
            assertEquals(List.of("2024-01-15T09:30:00.000Z 9 0", "9", "0"), out.log());
            assertEquals("starttime=2024-03-01&endtime=2024-03-31", api.requests("/earthquakes").getLast().query());
        } finally {
            TimeZone.setDefault(hostZone);
        }
    }
}
