package dev.writeback.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.script.DiscoveryOutcome;
import dev.writeback.core.script.DiscoveryOutcome.Node;
import dev.writeback.core.script.DiscoveryOutcome.Option;
import dev.writeback.core.script.DiscoveryRequest;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Discovery scripts in the style of Domo's reference (§1.4: {@code discovery.addOption}, {@code addNode},
 * {@code addLeaf}, {@code tree}, {@code publishTree}), fetching their choices from a real HTTP server on 127.0.0.1
 * with the account's credentials.
 */
class DiscoveryConformanceIT {
    static TestApi api;
    static GraalScriptRunner runner;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi();
        api.route("/pages", r -> "Bearer tok-1".equals(r.header("Authorization"))
                        ? TestApi.Response.json(200, "{\"data\":[{\"name\":\"Acme Page\",\"value\":\"p-1\"},{\"name\":\"Beta Page\",\"value\":\"p-2\"}]}")
                        : TestApi.Response.json(401, "{\"error\":\"no token\"}"))
                .route("/regions", r -> "k-9".equals(r.header("X-Api-Key"))
                        ? TestApi.Response.json(200, "[{\"area\":\"Europe\",\"sites\":[\"eu-west\",\"eu-north\"]},"
                                + "{\"area\":\"America\",\"sites\":[\"us-east\"]}]")
                        : TestApi.Response.json(403, "[]"));
        runner = new GraalScriptRunner(ScriptLimits.defaults(), HttpPolicy.defaults().withInternalTargets(Set.of(api.target())));
    }

    @AfterAll
    static void stop() {
        runner.close();
        api.close();
    }

    static ScriptInput input(Map<String, Object> account, Map<String, Object> parameters, DataPlane plane) {
        return ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC())).account(account).parameters(parameters)
                .baseUrl("https://api.domo.com").dataPlane(plane).redactions(Set.of("tok-1")).build();
    }

    static DiscoveryOutcome discover(String code, Map<String, Object> account, DiscoveryRequest request) {
        return runner.discover(new ScriptSource("discovery.js", code.replace("{{BASE}}", api.base())),
                input(account, Map.of("datasetId", "ds-1"), null), request);
    }

    @Test
    void dropdownOptionsFromTheAccountsApi() {
        String code = """
                httprequest.addHeader('Authorization', 'Bearer ' + metadata.account.accesstoken);
                var res = JSON.parse(httprequest.get('{{BASE}}/pages'));
                res.data.forEach(function (page) {
                  discovery.addOption(page.name, page.value);
                });
                """;
        DiscoveryOutcome out = discover(code, Map.of("accesstoken", "tok-1"), new DiscoveryRequest("page", false));
        assertEquals(List.of(new Option("Acme Page", "p-1"), new Option("Beta Page", "p-2")), out.options());
        assertNull(out.tree());
        assertNull(out.error());
    }

    @Test
    void oneArgumentOptionIsBothNameAndValue() {
        DiscoveryOutcome out = discover("discovery.addOption('daily'); discovery.addOption('weekly');", Map.of(),
                new DiscoveryRequest("frequency", false));
        assertEquals(List.of(new Option("daily", "daily"), new Option("weekly", "weekly")), out.options());
    }

    @Test
    void treeOfNodesAndLeavesIsPublished() {
        String code = """
                httprequest.addHeader('X-Api-Key', metadata.account.apikey);
                var areas = JSON.parse(httprequest.get('{{BASE}}/regions'));
                for (var i = 0; i < areas.length; i++) {
                  var node = discovery.addNode(discovery.tree, areas[i].area);
                  for (var j = 0; j < areas[i].sites.length; j++) {
                    discovery.addLeaf(node, areas[i].sites[j]);
                  }
                }
                discovery.publishTree();
                """;
        DiscoveryOutcome out = discover(code, Map.of("apikey", "k-9"), new DiscoveryRequest("sites", true));
        Node expected = new Node(null, false, List.of(
                new Node("Europe", false, List.of(new Node("eu-west", true, List.of()), new Node("eu-north", true, List.of()))),
                new Node("America", false, List.of(new Node("us-east", true, List.of())))));
        assertEquals(expected, out.tree());
        assertNull(out.error());
        assertEquals("k-9", api.requests("/regions").getLast().header("X-Api-Key"));
    }

    @Test
    void metadataSaysWhatIsDiscoveredAndWhatIsFilledSoFar() {
        DiscoveryOutcome out = discover("""
                DOMO.log(JSON.stringify(metadata.discovery));
                DOMO.log(metadata.parameters.datasetId);
                DOMO.log(typeof discovery.tree + ' ' + typeof discovery.addOption);
                """, Map.of(), new DiscoveryRequest("sites", true));
        assertEquals(List.of("{\"parameter\":\"sites\",\"mode\":\"TREE\"}", "ds-1", "object function"), out.log());
    }

    @Test
    void processScriptsSeeEmptyDiscoveryAndTreeSelectionsAsArrays() {
        ProcessOutcome out = runner.process(new ScriptSource("process.js", """
                var sites = metadata.parameters.sites;
                DOMO.log(JSON.stringify(metadata.discovery) + ' ' + Array.isArray(sites) + ' ' + sites.length + ' ' + sites.join('|'));
                discovery.addOption('x');
                """), input(Map.of(), Map.of("sites", List.of("eu-west", "us-east")), null));
        assertEquals(List.of("{} true 2 eu-west|us-east"), out.log());
        assertEquals(Kind.SANDBOX, out.error().kind());
        assertEquals("discovery.addOption is not available here: only a connector's discovery script lists choices",
                out.error().message());
        assertEquals(3, out.error().line());
    }

    @Test
    void errorsNameTheLineAndColumn() {
        DiscoveryOutcome thrown = discover("""
                httprequest.addHeader('Authorization', 'Bearer ' + metadata.account.accesstoken);
                var res = JSON.parse(httprequest.get('{{BASE}}/pages'));
                res.data.forEach(function (page) { discovery.addOption(page.name, page.value); });
                  throw new Error('no pages for token ' + metadata.account.accesstoken);
                """, Map.of("accesstoken", "tok-1"), new DiscoveryRequest("page", false));
        assertEquals(new ScriptError(Kind.RUNTIME, "no pages for token ***", "discovery.js", 4, 9, null), thrown.error());

        DiscoveryOutcome badParent = discover("var n = discovery.addNode(discovery.tree, 'a');\n"
                + "discovery.addLeaf({ name: 'a' }, 'b');", Map.of(), new DiscoveryRequest("t", true));
        assertEquals(Kind.RUNTIME, badParent.error().kind());
        assertEquals("TypeError: discovery.addLeaf(parent, name): parent must be discovery.tree or a node addNode returned",
                badParent.error().message());
        assertEquals(2, badParent.error().line());

        DiscoveryOutcome underLeaf = discover("var leaf = discovery.addLeaf(discovery.tree, 'a');\n"
                + "discovery.addNode(leaf, 'b');", Map.of(), new DiscoveryRequest("t", true));
        assertEquals("discovery.addNode(parent, name): the parent 'a' is a leaf; leaves have no children (add it with addNode instead)",
                underLeaf.error().message());
        assertEquals(2, underLeaf.error().line());
    }

    @Test
    void aTreeNeverPublishedIsAnError() {
        DiscoveryOutcome out = discover("discovery.addLeaf(discovery.tree, 'eu-west');", Map.of(), new DiscoveryRequest("t", true));
        assertNull(out.tree());
        assertEquals("the script added nodes under discovery.tree but did not call discovery.publishTree()", out.error().message());
    }

    @Test
    void optionsAreBounded() {
        DiscoveryOutcome out = discover("for (var i = 0; i < 20000; i++) discovery.addOption('o' + i);", Map.of(),
                new DiscoveryRequest("p", false));
        assertEquals(Kind.LIMIT, out.error().kind());
        assertTrue(out.error().message().contains("at most 10000 options"), out.error().message());
    }
}
