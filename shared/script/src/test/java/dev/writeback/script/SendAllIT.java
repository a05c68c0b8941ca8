package dev.writeback.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.script.CancelSignal;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code httprequest.sendAll}: prepared requests in parallel, answers in the order given, within the run's rules. */
class SendAllIT {
    static TestApi api;
    static GraalScriptRunner runner;
    static final AtomicInteger inFlight = new AtomicInteger();
    static final AtomicInteger mostInFlight = new AtomicInteger();
    static volatile CountDownLatch allArrived = new CountDownLatch(0);
    static volatile CancelSignal cancelOnArrival;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi();
        api.route("/item", r -> {
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            try {
                String query = r.query() == null ? "" : r.query();
                int id = Integer.parseInt(query.replaceAll(".*id=(\\d+).*", "$1"));
                int waitMs = Integer.parseInt(query.replaceAll(".*wait=(\\d+).*", "$1"));
                sleep(waitMs);
                return TestApi.Response.json(id == 7 ? 201 : 200, "{\"id\":" + id + ",\"method\":\"" + r.method() + "\",\"auth\":\""
                        + r.header("Authorization") + "\",\"tag\":\"" + r.header("X-Tag") + "\"}");
            } finally {
                inFlight.decrementAndGet();
            }
        }).route("/together", r -> {
            // answers only once every request of the call has arrived: they must be in flight at the same time
            allArrived.countDown();
            try {
                boolean together = allArrived.await(20, TimeUnit.SECONDS);
                return TestApi.Response.json(200, "{\"together\":" + together + "}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TestApi.Response.json(500, "{}");
            }
        }).route("/moved", r -> TestApi.Response.redirect(302, "/item?id=0&wait=0"))
                .route("/slow", r -> {
                    CancelSignal cancel = cancelOnArrival;
                    if (cancel != null) {
                        cancel.cancel("The run was cancelled by bob");
                    }
                    sleep(20_000);
                    return TestApi.Response.json(200, "{}");
                });
        runner = new GraalScriptRunner(ScriptLimits.defaults(), HttpPolicy.defaults().withInternalTargets(Set.of(api.target())));
    }

    @AfterAll
    static void stop() {
        runner.close();
        api.close();
    }

    @BeforeEach
    void reset() {
        api.received.clear();
        mostInFlight.set(0);
        cancelOnArrival = null;
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ProcessOutcome run(String code, ScriptInput input) {
        return runner.process(new ScriptSource("process.js", code.replace("{{BASE}}", api.base())), input);
    }

    static ScriptInput input(Duration deadline, CancelSignal cancel) {
        return ScriptInput.builder(Deadline.after(deadline, Clock.systemUTC())).cancel(cancel).build();
    }

    static ProcessOutcome run(String code) {
        return run(code, input(Duration.ofSeconds(30), null));
    }

    @Test
    void answersComeInTheOrderGivenWhateverOrderTheServerAnsweredIn() {
        // the first requests wait longest: with 4 in flight they finish last
        ProcessOutcome out = run("""
                var requests = [];
                for (var i = 0; i < 8; i++) requests.push({ url: '{{BASE}}/item?id=' + i + '&wait=' + (8 - i) * 40 });
                var answers = httprequest.sendAll(requests);
                answers.forEach(function (a) { DOMO.log(a.status + ' ' + JSON.parse(a.body).id + ' ' + a.headers['content-type']); });
                DOMO.log('last status ' + httprequest.getStatusCode());
                """);

        assertNull(out.error(), String.valueOf(out.error()));
        assertEquals(List.of("200 0 application/json; charset=utf-8", "200 1 application/json; charset=utf-8",
                "200 2 application/json; charset=utf-8", "200 3 application/json; charset=utf-8", "200 4 application/json; charset=utf-8",
                "200 5 application/json; charset=utf-8", "200 6 application/json; charset=utf-8", "201 7 application/json; charset=utf-8",
                "last status 201"), out.log());
        assertTrue(mostInFlight.get() <= 4, "at most the default concurrency of 4 in flight, saw " + mostInFlight.get());
    }

    @Test
    void requestsOfOneCallAreInFlightTogetherUpToTheConcurrencyAsked() {
        allArrived = new CountDownLatch(6);
        ProcessOutcome out = run("""
                var requests = [];
                for (var i = 0; i < 6; i++) requests.push({ url: '{{BASE}}/together' });
                httprequest.sendAll(requests, { concurrency: 6 }).forEach(function (a) { DOMO.log(a.body); });
                """);

        assertNull(out.error(), String.valueOf(out.error()));
        assertEquals(List.of("{\"together\":true}", "{\"together\":true}", "{\"together\":true}", "{\"together\":true}",
                "{\"together\":true}", "{\"together\":true}"), out.log());

        ProcessOutcome two = run("""
                var requests = [];
                for (var i = 0; i < 6; i++) requests.push({ url: '{{BASE}}/item?id=' + i + '&wait=30' });
                DOMO.log(httprequest.sendAll(requests, { concurrency: 2 }).length);
                """);
        assertNull(two.error(), String.valueOf(two.error()));
        assertEquals(List.of("6"), two.log());
        assertTrue(mostInFlight.get() <= 2, "at most 2 in flight, saw " + mostInFlight.get());
    }

    @Test
    void eachRequestCarriesItsMethodBodyAndHeadersOverTheScriptsHeaders() {
        ProcessOutcome out = run("""
                httprequest.addHeader('Authorization', 'Bearer t0k');
                var answers = httprequest.sendAll([
                  { method: 'post', url: '{{BASE}}/item?id=0&wait=0', body: 'a=1', headers: { 'X-Tag': 'first' } },
                  { method: 'PUT', url: '{{BASE}}/item?id=1&wait=0', body: { b: 2 }, headers: { Authorization: 'Bearer other' } },
                  { url: '{{BASE}}/item?id=2&wait=0' }
                ]);
                answers.forEach(function (a) { var b = JSON.parse(a.body); DOMO.log([b.id, b.method, b.auth, b.tag].join(' | ')); });
                DOMO.log(httprequest.get('{{BASE}}/item?id=3&wait=0'));
                """);

        assertNull(out.error(), String.valueOf(out.error()));
        assertEquals(List.of("0 | POST | Bearer t0k | first", "1 | PUT | Bearer other | null", "2 | GET | Bearer t0k | null",
                "{\"id\":3,\"method\":\"GET\",\"auth\":\"Bearer t0k\",\"tag\":\"null\"}"), out.log());
        assertEquals(List.of("a=1"), api.received.stream().filter(r -> "id=0&wait=0".equals(r.query())).map(TestApi.Request::body).toList());
        assertEquals(List.of("{\"b\":2}"), api.received.stream().filter(r -> "id=1&wait=0".equals(r.query())).map(TestApi.Request::body).toList());
    }

    @Test
    void theRunCountsEveryRequestRedirectsIncluded() {
        ProcessOutcome out = run("""
                httprequest.get('{{BASE}}/item?id=0&wait=0');
                httprequest.sendAll([{ url: '{{BASE}}/moved' }, { method: 'POST', url: '{{BASE}}/item?id=1&wait=0', body: '12345' },
                  { url: '{{BASE}}/item?id=2&wait=0' }], { concurrency: 3 });
                """);

        assertNull(out.error(), String.valueOf(out.error()));
        assertEquals(5, out.http().requests(), "one get, then a redirect and its target, and two more");
        assertEquals(5, api.received.size());
        assertEquals(5, out.http().bytesSent());
    }

    @Test
    void aRefusedAddressIsAScriptErrorAtTheCallAndNothingAfterItIsSent() {
        ProcessOutcome out = run("""
                DOMO.log('start');
                httprequest.sendAll([{ url: 'https://169.254.169.254/latest/meta-data/' },
                  { url: '{{BASE}}/item?id=1&wait=0' }], { concurrency: 1 });
                """);

        assertEquals(Kind.SANDBOX, out.error().kind());
        assertEquals("httprequest.sendAll: request 0: httprequest refused https://169.254.169.254/latest/meta-data/: 169.254.169.254 "
                + "resolves to 169.254.169.254, a link-local (cloud metadata) address; scripts may only call public internet addresses",
                out.error().message());
        assertEquals(2, out.error().line());
        assertEquals(1, out.error().column());
        assertEquals(0, api.received.size());

        ProcessOutcome caught = run("""
                try { httprequest.sendAll([{ url: 'https://10.0.0.1/' }]); } catch (e) { DOMO.log('caught ' + e.message); }
                """);
        assertNull(caught.error());
        assertEquals(List.of("caught httprequest.sendAll: request 0: httprequest refused https://10.0.0.1/: 10.0.0.1 resolves to "
                + "10.0.0.1, a private network address; scripts may only call public internet addresses"), caught.log());
    }

    @Test
    void badArgumentsAreScriptErrorsWithTheirLine() {
        ProcessOutcome notArray = run("DOMO.log(1);\nhttprequest.sendAll('{{BASE}}/item');");
        assertEquals("TypeError: httprequest.sendAll(requests[, options]) needs an array of requests", notArray.error().message());
        assertEquals(2, notArray.error().line());

        ProcessOutcome tooMany = run("httprequest.sendAll([{ url: '{{BASE}}/item?id=0&wait=0' }], { concurrency: 17 });");
        assertEquals(Kind.RUNTIME, tooMany.error().kind());
        assertEquals("httprequest.sendAll: concurrency is a whole number from 1 to 16", tooMany.error().message());
        assertEquals(1, tooMany.error().line());

        ProcessOutcome badMethod = run("\n\nhttprequest.sendAll([{ url: '{{BASE}}/item?id=0&wait=0' }, { method: 'TRACE', url: '{{BASE}}/' }]);");
        assertEquals("httprequest.sendAll: request 1 has the method 'TRACE'; use one of GET, POST, PUT, PATCH, DELETE, HEAD",
                badMethod.error().message());
        assertEquals(3, badMethod.error().line());
        assertEquals(0, api.received.size(), "a bad request fails the call before any is sent");

        ProcessOutcome empty = run("DOMO.log(httprequest.sendAll([]).length);");
        assertNull(empty.error());
        assertEquals(List.of("0"), empty.log());
    }

    @Test
    void theDeadlineStopsTheRequestsInFlightAndStartsNoOther() {
        ProcessOutcome out = run("""
                var requests = [];
                for (var i = 0; i < 6; i++) requests.push({ url: '{{BASE}}/slow' });
                httprequest.sendAll(requests, { concurrency: 2 });
                DOMO.log('not reached');
                """, input(Duration.ofMillis(1500), null));

        assertEquals(Kind.DEADLINE, out.error().kind(), String.valueOf(out.error()));
        assertEquals(List.of(), out.log());
        assertTrue(api.requests("/slow").size() <= 2, "only the requests in flight reached the server: " + api.requests("/slow").size());
    }

    @Test
    void aCancelStopsTheRequestsInFlight() {
        CancelSignal cancel = new CancelSignal();
        cancelOnArrival = cancel;
        ProcessOutcome out = run("""
                var requests = [];
                for (var i = 0; i < 6; i++) requests.push({ url: '{{BASE}}/slow' });
                httprequest.sendAll(requests, { concurrency: 3 });
                DOMO.log('not reached');
                """, input(Duration.ofMinutes(1), cancel));

        assertEquals(Kind.CANCELLED, out.error().kind(), String.valueOf(out.error()));
        assertEquals("The run was cancelled by bob", out.error().message());
        assertTrue(api.requests("/slow").size() <= 3, "only the requests in flight reached the server: " + api.requests("/slow").size());
        ProcessOutcome next = run("DOMO.log(httprequest.sendAll([{ url: '{{BASE}}/item?id=0&wait=0' }])[0].status);");
        assertEquals(List.of("200"), next.log());
    }
}
