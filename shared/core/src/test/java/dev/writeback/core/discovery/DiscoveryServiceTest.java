package dev.writeback.core.discovery;

import static dev.writeback.core.testing.TestWorld.BOB;
import static dev.writeback.core.testing.TestWorld.GUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.account.Account;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.connector.Parameter.DiscoveryMode;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.script.DiscoveryOutcome;
import dev.writeback.core.script.DiscoveryOutcome.Node;
import dev.writeback.core.script.DiscoveryOutcome.Option;
import dev.writeback.core.script.DiscoveryRequest;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptFailedException;
import dev.writeback.core.testing.FakeScriptRunner;
import dev.writeback.core.testing.TestWorld;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DiscoveryServiceTest {
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("datasetId", Parameter.Type.STRING, "The input DataSet", true, null),
            new Parameter("page", Parameter.Type.DISCOVERY, null, false, null),
            new Parameter("sites", Parameter.Type.DISCOVERY, null, true, null, DiscoveryMode.TREE));
    private static final Node TREE = new Node(null, false, List.of(new Node("Europe", false, List.of(new Node("eu-west", true, List.of())))));

    private final TestWorld world = new TestWorld();
    private final DiscoveryService discovery = world.services.discovery();
    private final ConnectorVersion connector = world.published(TestWorld.apiKeyAuth(), List.of("Contacts"), PARAMETERS,
            Visibility.PUBLIC);
    private final Account account = world.apiKeyAccount(BOB, connector.connectorId());

    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    @Test
    void theScriptRunsWithTheAccountAndTheValuesFilledSoFar() {
        world.scripts.onDiscover((input, request) -> new DiscoveryOutcome(
                List.of(new Option("Acme Page", "p-1")), null, null, List.of("listed 1")));

        DiscoveryService.Choices choices = discovery.discover(BOB, connector.connectorId(), "page", account.id(),
                Map.of("datasetId", "ds-1"));

        assertEquals(new DiscoveryService.Choices("page", DiscoveryMode.DROPDOWN, List.of(new Option("Acme Page", "p-1")), null,
                List.of("listed 1")), choices);
        FakeScriptRunner.DiscoveryCall call = world.scripts.discoveryCalls().getLast();
        assertEquals("discovery.js", call.source().name());
        assertEquals(TestWorld.DISCOVERY_JS, call.source().code());
        assertEquals(new DiscoveryRequest("page", false), call.request());
        assertEquals("key-123", call.input().account().get("apikey"));
        assertEquals(Map.of("datasetId", "ds-1"), call.input().parameters());
        assertEquals(Set.of("key-123"), call.input().redactions());
        assertNull(call.input().dataPlane());
    }

    @Test
    void aTreeParameterGetsTheTree() {
        world.scripts.onDiscover((input, request) -> new DiscoveryOutcome(List.of(), TREE, null, List.of()));
        DiscoveryService.Choices choices = discovery.discover(BOB, connector.connectorId(), "sites", account.id(), null);
        assertEquals(TREE, choices.tree());
        assertNull(choices.options());
        assertEquals(new DiscoveryRequest("sites", true), world.scripts.discoveryCalls().getLast().request());
    }

    @Test
    void aFailingScriptIsA422NamingLineAndColumn() {
        ScriptError error = new ScriptError(ScriptError.Kind.RUNTIME, "boom", "discovery.js", 3, 7, null);
        world.scripts.onDiscover((input, request) -> new DiscoveryOutcome(List.of(), null, error, List.of()));
        ScriptFailedException e = assertThrows(ScriptFailedException.class,
                () -> discovery.discover(BOB, connector.connectorId(), "page", account.id(), null));
        assertEquals("The connector's discovery script failed for parameter 'page': discovery.js:3:7: boom", e.getMessage());
        assertEquals(error, e.error());
    }

    @Test
    void whatTheScriptBuiltMustFitTheMode() {
        world.scripts.onDiscover((input, request) -> new DiscoveryOutcome(List.of(new Option("a", "a")), null, null, List.of()));
        assertEquals("Parameter 'sites' is a tree, but the discovery script did not publish one: add nodes under discovery.tree, "
                + "then call discovery.publishTree().", message(UnprocessableException.class,
                () -> discovery.discover(BOB, connector.connectorId(), "sites", account.id(), null)));
        world.scripts.onDiscover((input, request) -> new DiscoveryOutcome(List.of(), TREE, null, List.of()));
        assertEquals("Parameter 'page' is a dropdown, but the discovery script built a tree: list its choices with "
                + "discovery.addOption(name, value).", message(UnprocessableException.class,
                () -> discovery.discover(BOB, connector.connectorId(), "page", account.id(), null)));
    }

    @Test
    void onlyTheAccountsOwnerDiscoversAndOnlyDiscoveryParameters() {
        String id = connector.connectorId();
        assertEquals("Parameter 'datasetId' is STRING; only DISCOVERY parameters list their choices with the discovery script.",
                message(InvalidInputException.class, () -> discovery.discover(BOB, id, "datasetId", account.id(), null)));
        assertEquals("Connector " + id + " has no parameter 'nope'.",
                message(NotFoundException.class, () -> discovery.discover(BOB, id, "nope", account.id(), null)));
        assertThrows(NotFoundException.class, () -> discovery.discover(new Caller("acme", "carol", Set.of(Role.AUTHOR)), id,
                "page", account.id(), null));
        assertThrows(NotFoundException.class, () -> discovery.discover(GUS, id, "page", account.id(), null));
        assertEquals("region is not a parameter of connector " + id + ".", message(InvalidInputException.class,
                () -> discovery.discover(BOB, id, "page", account.id(), Map.of("region", "EU"))));
        assertEquals("Discovery runs with one of your accounts of the connector: give accountId.",
                message(InvalidInputException.class, () -> discovery.discover(BOB, id, "page", null, null)));
        assertEquals(0, world.scripts.discoveryCalls().size());
    }
}
