package dev.writeback.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.testing.RebindingResolver;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests a script must not be able to make, each refused with a clear error; the runner keeps working. */
class HttpSandboxIT {
    static TestApi api;
    static TestApi other;
    static TestApi peer;
    static GraalScriptRunner runner;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi();
        other = new TestApi();
        other.route("/secret", r -> TestApi.Response.json(200, "{\"secret\":true}"));
        peer = new TestApi();
        peer.route("/landing", r -> TestApi.Response.json(200, "{}"));
        api.route("/ok", r -> TestApi.Response.json(200, "{\"ok\":true}"))
                .route("/to-other", r -> TestApi.Response.redirect(302, "http://127.0.0.1:" + other.port() + "/secret"))
                .route("/to-metadata", r -> TestApi.Response.redirect(302, "https://169.254.169.254/latest/meta-data/"))
                .route("/to-ok", r -> TestApi.Response.redirect(307, "/echo"))
                .route("/echo", r -> TestApi.Response.json(200, "{\"method\":\"" + r.method() + "\",\"auth\":\"" + r.header("Authorization")
                        + "\",\"body\":" + (r.body().isEmpty() ? "null" : r.body()) + "}"))
                .route("/loop", r -> TestApi.Response.redirect(302, "/loop"))
                .route("/to-peer", r -> TestApi.Response.redirect(302, "http://" + peer.target() + "/landing"))
                .route("/to-peer-keeping-body", r -> TestApi.Response.redirect(307, "http://" + peer.target() + "/landing"))
                .route("/huge", r -> new TestApi.Response(200, Map.of(), new byte[2 << 20]))
                .route("/slow", r -> {
                    try {
                        Thread.sleep(3000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return TestApi.Response.json(200, "{}");
                });
        runner = new GraalScriptRunner(ScriptLimits.defaults(),
                HttpPolicy.defaults().withMaxResponseBytes(1 << 20).withInternalTargets(Set.of(api.target(), peer.target())));
    }

    @AfterAll
    static void stop() {
        runner.close();
        api.close();
        other.close();
        peer.close();
    }

    @Test
    void aRedirectToAnotherHostCarriesNoCredentialsAndNoBody() {
        ProcessOutcome out = run("httprequest.addHeader('Authorization', 'Bearer t0k');"
                + "httprequest.addHeader('X-Api-Key', 'k3y'); httprequest.addHeader('Cookie', 'sid=1');"
                + "httprequest.addHeader('Accept', 'application/json');"
                + "httprequest.get('{{BASE}}/to-peer');");
        assertNull(out.error(), String.valueOf(out.error()));
        TestApi.Request landed = peer.requests("/landing").getLast();
        assertEquals("/landing", landed.path());
        assertEquals(List.of("application/json"), landed.headers().get("Accept"));
        for (String credential : List.of("Authorization", "X-api-key", "Cookie")) {
            assertNull(landed.headers().get(credential), credential + " must not follow a redirect to another host");
        }
        ProcessOutcome posted = run("httprequest.post('{{BASE}}/to-peer-keeping-body', '{\"password\":\"p\"}');");
        assertEquals(Kind.SANDBOX, posted.error().kind());
        assertEquals("httprequest: http://" + peer.target() + "/landing is another host than the request went to;"
                + " the body is not resent across hosts on a 307 redirect", posted.error().message());
    }

    @AfterEach
    void runnerStillWorks() {
        ProcessOutcome ok = run("DOMO.log(httprequest.get('{{BASE}}/ok'));");
        assertNull(ok.error());
        assertEquals(List.of("{\"ok\":true}"), ok.log());
    }

    static ProcessOutcome run(String code) {
        ScriptInput in = ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC())).build();
        return runner.process(new ScriptSource("process.js", code.replace("{{BASE}}", api.base())), in);
    }

    static void assertRefused(String url, String message) {
        ProcessOutcome out = run("httprequest.get('" + url + "');");
        assertEquals(Kind.SANDBOX, out.error().kind(), out.error().toString());
        assertEquals(message, out.error().message());
        assertEquals(1, out.error().line());
    }

    @Test
    void cloudMetadataAddressIsRefused() {
        assertRefused("https://169.254.169.254/latest/meta-data/", "httprequest refused https://169.254.169.254/latest/meta-data/: "
                + "169.254.169.254 resolves to 169.254.169.254, a link-local (cloud metadata) address; scripts may only call public internet addresses");
        assertRefused("https://[fd00:ec2::254]/latest", "httprequest refused https://[fd00:ec2::254]/latest: [fd00:ec2::254] resolves to "
                + "fd00:ec2:0:0:0:0:0:254, a private (unique local) network address; scripts may only call public internet addresses");
    }

    @Test
    void loopbackPrivateAndLocalhostAreRefused() {
        int port = other.port();
        assertRefused("https://127.0.0.1:" + port + "/secret", "httprequest refused https://127.0.0.1:" + port + "/secret: "
                + "127.0.0.1 resolves to 127.0.0.1, a loopback address; scripts may only call public internet addresses");
        assertRefused("https://10.0.0.1/admin", "httprequest refused https://10.0.0.1/admin: "
                + "10.0.0.1 resolves to 10.0.0.1, a private network address; scripts may only call public internet addresses");
        assertRefused("https://192.168.1.1/", "httprequest refused https://192.168.1.1/: "
                + "192.168.1.1 resolves to 192.168.1.1, a private network address; scripts may only call public internet addresses");
        assertRefused("https://0.0.0.0/", "httprequest refused https://0.0.0.0/: "
                + "0.0.0.0 resolves to 0.0.0.0, an unspecified address; scripts may only call public internet addresses");
        // the allowlisted server itself, named differently: the check is on the resolved address, not the spelling
        ProcessOutcome byName = run("httprequest.get('https://localhost:" + api.port() + "/ok');");
        assertEquals(Kind.SANDBOX, byName.error().kind());
        assertTrue(byName.error().message().startsWith("httprequest refused https://localhost:" + api.port() + "/ok: localhost resolves to "),
                byName.error().message());
        assertTrue(other.received.isEmpty());
    }

    @Test
    void plainHttpAndOtherSchemesAreRefused() {
        assertRefused("http://example.com/data", "httprequest refused http://example.com/data: URLs must use https");
        assertRefused("file:///etc/passwd", "httprequest refused file:///etc/passwd: only https URLs are allowed");
    }

    @Test
    void redirectsAreCheckedOnEveryHop() {
        ProcessOutcome toOther = run("httprequest.get('{{BASE}}/to-other');");
        assertEquals(Kind.SANDBOX, toOther.error().kind());
        assertEquals("httprequest refused http://127.0.0.1:" + other.port() + "/secret: URLs must use https", toOther.error().message());
        ProcessOutcome toMetadata = run("httprequest.get('{{BASE}}/to-metadata');");
        assertEquals("httprequest refused https://169.254.169.254/latest/meta-data/: 169.254.169.254 resolves to 169.254.169.254, "
                + "a link-local (cloud metadata) address; scripts may only call public internet addresses", toMetadata.error().message());
        assertTrue(other.received.isEmpty());

        ProcessOutcome loop = run("httprequest.get('{{BASE}}/loop');");
        assertEquals("httprequest: more than 5 redirects, last from " + api.base() + "/loop", loop.error().message());

        ProcessOutcome kept = run("httprequest.addHeader('Authorization', 'Bearer t');\nDOMO.log(httprequest.post('{{BASE}}/to-ok', '{\"a\":1}'));");
        assertNull(kept.error());
        assertEquals(List.of("{\"method\":\"POST\",\"auth\":\"Bearer t\",\"body\":{\"a\":1}}"), kept.log());
    }

    @Test
    void eachHopGoesToTheAddressItsCheckResolvedNotToWhatTheNameAnswersLater() {
        // rebind.test answers 127.0.0.1 to the check of each hop; any later lookup would answer cloud metadata
        api.route("/to-peer-by-name", r -> TestApi.Response.redirect(302, "http://rebind.test:" + peer.port() + "/landing"));
        RebindingResolver rebinding = new RebindingResolver("rebind.test", "127.0.0.1", "127.0.0.1", "169.254.169.254");
        HttpPolicy policy = HttpPolicy.defaults().withGuard(AddressGuard.publicInternetOnly()
                .allowing(Set.of("rebind.test:" + api.port(), "rebind.test:" + peer.port())).resolvingWith(rebinding));
        try (GraalScriptRunner rebound = new GraalScriptRunner(ScriptLimits.defaults(), policy)) {
            ScriptInput in = ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC())).build();
            int landed = peer.requests("/landing").size();

            ProcessOutcome out = rebound.process(new ScriptSource("process.js", "DOMO.log(httprequest.get('http://rebind.test:"
                    + api.port() + "/to-peer-by-name'));"), in);

            assertNull(out.error(), String.valueOf(out.error()));
            assertEquals(List.of("{}"), out.log());
            assertEquals(landed + 1, peer.requests("/landing").size());
            assertEquals("rebind.test:" + peer.port(), peer.requests("/landing").getLast().header("Host"));
            assertEquals(2, rebinding.lookups(), "one lookup per hop, by its check; none to connect");
        }
    }

    @Test
    void refusalsCanBeCaughtByTheScript() {
        ProcessOutcome out = run("try { httprequest.get('https://10.1.2.3/'); } catch (e) { DOMO.log('caught: ' + (e instanceof Error)); }");
        assertNull(out.error());
        assertEquals(List.of("caught: true"), out.log());
    }

    @Test
    void oversizedResponsesAndSlowServersGiveClearErrors() {
        ProcessOutcome huge = run("httprequest.get('{{BASE}}/huge');");
        assertEquals(Kind.LIMIT, huge.error().kind());
        assertEquals("httprequest: the response from " + api.base() + "/huge is larger than the limit of 1048576 bytes", huge.error().message());

        ProcessOutcome slow = run("httprequest.setRequestTimeout(200);\nhttprequest.get('{{BASE}}/slow');");
        assertEquals(Kind.RUNTIME, slow.error().kind());
        assertEquals("httprequest: " + api.base() + "/slow did not answer within 200 ms", slow.error().message());
        assertEquals(2, slow.error().line());

        ScriptInput shortRun = ScriptInput.builder(Deadline.after(Duration.ofMillis(400), Clock.systemUTC())).build();
        ProcessOutcome pastDeadline = runner.process(new ScriptSource("process.js",
                "try { httprequest.get('" + api.base() + "/slow'); } catch (e) { DOMO.log('caught'); }\nwhile (true) {}"), shortRun);
        assertEquals(Kind.DEADLINE, pastDeadline.error().kind());
        assertTrue(pastDeadline.error().message().startsWith("script exceeded its deadline"), pastDeadline.error().message());
    }
}
