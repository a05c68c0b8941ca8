package dev.writeback.core.job;

import static dev.writeback.core.testing.TestWorld.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.account.Account;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.connector.Parameter.DiscoveryMode;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.job.JobService.JobRequest;
import dev.writeback.core.json.Json;
import dev.writeback.core.testing.TestWorld;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jobs of a connector with TEXT and DISCOVERY parameters: strings in parameters, tree choices in selections. */
class JobTreeSelectionsTest {
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("datasetId", Parameter.Type.STRING, "The input DataSet", true, null),
            new Parameter("note", Parameter.Type.TEXT, null, false, null),
            new Parameter("page", Parameter.Type.DISCOVERY, null, false, null, DiscoveryMode.DROPDOWN),
            new Parameter("sites", Parameter.Type.DISCOVERY, null, true, null, DiscoveryMode.TREE));

    private final TestWorld world = new TestWorld();
    private final JobService jobs = world.services.jobs();
    private final ConnectorVersion connector = world.published(TestWorld.apiKeyAuth(), List.of("Contacts"), PARAMETERS,
            Visibility.PRIVATE);
    private final Account account = world.apiKeyAccount(BOB, connector.connectorId());

    private JobRequest request(Map<String, String> parameters, Map<String, List<String>> selections) {
        return new JobRequest(connector.connectorId(), account.id(), null, "Contacts", parameters, null, null, null, null, selections);
    }

    private String error(Map<String, String> parameters, Map<String, List<String>> selections) {
        return assertThrows(InvalidInputException.class, () -> jobs.create(BOB, request(parameters, selections))).getMessage();
    }

    @Test
    void treeChoicesAreKeptAndReachTheScriptAsAnArray() {
        Job job = jobs.create(BOB, request(Map.of("datasetId", "ds-1", "note", "any text at all", "page", "p-1"),
                Map.of("sites", List.of("eu-west", "us-east"))));
        assertEquals(Map.of("sites", List.of("eu-west", "us-east")), job.selections());
        assertEquals(Map.of("datasetId", "ds-1", "note", "any text at all", "page", "p-1"), job.parameters());
        assertEquals(job, jobs.get(BOB, job.id()));

        world.services.runs().runNow(BOB, job.id(), null);
        assertEquals(Map.of("datasetId", "ds-1", "note", "any text at all", "page", "p-1",
                "sites", List.of("eu-west", "us-east")), world.scripts.processCalls().getLast().input().parameters());
    }

    @Test
    void changingTheSelectionsKeepsTheOtherValues() {
        Job job = jobs.create(BOB, request(Map.of("datasetId", "ds-1"), Map.of("sites", List.of("eu-west"))));
        Job changed = jobs.update(BOB, job.id(), new JobRequest(null, null, null, null, null, null, null, null, null,
                Map.of("sites", List.of("eu-north", "us-east"))));
        assertEquals(Map.of("sites", List.of("eu-north", "us-east")), changed.selections());
        assertEquals(Map.of("datasetId", "ds-1"), changed.parameters());
    }

    @Test
    void wrongShapesSayWhereEachValueGoes() {
        assertEquals("Invalid parameters: sites is a tree parameter: give its chosen values as an array of strings in selections.",
                error(Map.of("datasetId", "ds-1", "sites", "eu-west"), Map.of("sites", List.of("eu-west"))));
        assertEquals("Invalid selections: page is not a tree parameter: give its value as a string in parameters.",
                error(Map.of("datasetId", "ds-1"), Map.of("sites", List.of("a"), "page", List.of("p-1"))));
        assertEquals("Invalid selections: region is not a parameter of this connector; sites is required: choose at least one node of its tree.",
                error(Map.of("datasetId", "ds-1"), Map.of("region", List.of("EU"))));
        assertEquals("Invalid selections: sites is required: choose at least one node of its tree.",
                error(Map.of("datasetId", "ds-1"), Map.of("sites", List.of())));
        Map<String, List<String>> withNull = new HashMap<>();
        withNull.put("sites", Collections.singletonList(null));
        assertEquals("Invalid selections: sites has an empty or null selection.", error(Map.of("datasetId", "ds-1"), withNull));
        assertEquals("The selections of sites has at most 1000 entries; this one has 1001.",
                error(Map.of("datasetId", "ds-1"), Map.of("sites", Collections.nCopies(1001, "x"))));
        assertThrows(InvalidInputException.class, () -> Json.readRequest("{\"selections\":{\"sites\":\"eu-west\"}}",
                JobRequest.class), "a string where the array goes is a 400, not coerced");
        assertEquals(Map.of("sites", List.of("eu-west")), Json.readRequest("{\"selections\":{\"sites\":[\"eu-west\"]}}",
                JobRequest.class).selections());
    }
}
