package dev.writeback.core;

import static dev.writeback.core.testing.TestWorld.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.Authentication;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.IconKind;
import dev.writeback.core.connector.OAuthSettings;
import dev.writeback.core.connector.ScriptKind;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobRetryPolicy;
import dev.writeback.core.json.Json;
import dev.writeback.core.testing.TestWorld;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every set and map the API returns comes out in one documented order, whatever order it was built in: sets of
 * kinds in their declaration order, maps by key. (Hash-ordered copies would print these in an order that changes
 * from one start of the JVM to the next.)
 */
class ApiOrderTest {
    private final TestWorld world = new TestWorld();

    @Test
    void aVersionsScriptsIconsAndFilesAreListedInTheirDocumentedOrder() {
        String id = world.services.connectors().create(ALICE, "Ordered", null).connectorId();
        world.services.connectors().putScript(ALICE, id, ScriptKind.PROCESS, TestWorld.PROCESS_JS);
        world.services.connectors().putScript(ALICE, id, ScriptKind.AUTH, TestWorld.AUTH_JS);
        ConnectorVersion stored = world.services.connectors().get(ALICE, id);
        LinkedHashSet<IconKind> iconsBackwards = new LinkedHashSet<>(List.of(IconKind.values()).reversed());
        Map<String, String> filesBackwards = new LinkedHashMap<>();
        for (String f : List.of("process.js", "logo.png", "icon.png", "banner.png", "auth.js")) {
            filesBackwards.put(f, "digest-of-" + f);
        }

        JsonNode json = Json.MAPPER.valueToTree(stored.toBuilder().icons(iconsBackwards).files(filesBackwards).build());

        assertEquals(List.of("AUTH", "PROCESS"), texts(json.get("scripts")));
        assertEquals(List.of("ICON", "ICON_NO_BACKGROUND", "LOGO", "BANNER"), texts(json.get("icons")));
        assertEquals(List.of("auth.js", "banner.png", "icon.png", "logo.png", "process.js"), names(json.get("files")));
    }

    @Test
    void oauthParametersAreListedByName() {
        Map<String, String> backwards = new LinkedHashMap<>();
        for (String p : List.of("prompt", "login_hint", "display", "audience", "access_type")) {
            backwards.put(p, "v");
        }
        OAuthSettings ok = TestWorld.oauth();
        OAuthSettings settings = new OAuthSettings(ok.grant(), ok.authorizationUrl(), ok.tokenUrl(), null,
                ok.clientId(), ok.scopes(), backwards, backwards, ok.clientAuth(), ok.pkce(), false);
        String id = world.services.connectors().create(ALICE, "OAuth", null).connectorId();

        JsonNode json = Json.MAPPER.valueToTree(world.services.connectors().setAuthentication(ALICE, id,
                new Authentication(AuthType.OAUTH2, settings, null, false), "secret").authentication().oauth());

        List<String> byName = List.of("access_type", "audience", "display", "login_hint", "prompt");
        assertEquals(byName, names(json.get("authorizationParameters")));
        assertEquals(byName, names(json.get("tokenParameters")));
    }

    @Test
    void aJobsParametersAreListedByName() {
        Map<String, String> backwards = new LinkedHashMap<>();
        for (String p : List.of("region", "mode", "label", "datasetId", "batch")) {
            backwards.put(p, "v");
        }

        Job job = new Job("job-1", "acme", "bob", "con-1", 1, "acc-1", "Nightly", "Contacts", backwards, null,
                JobRetryPolicy.NONE, null, TestWorld.START, TestWorld.START, 0);

        assertEquals(List.of("batch", "datasetId", "label", "mode", "region"),
                names(Json.MAPPER.valueToTree(job).get("parameters")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
