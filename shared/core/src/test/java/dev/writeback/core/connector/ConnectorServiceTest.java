package dev.writeback.core.connector;

import static dev.writeback.core.testing.TestWorld.ALICE;
import static dev.writeback.core.testing.TestWorld.BOB;
import static dev.writeback.core.testing.TestWorld.GUS;
import static dev.writeback.core.testing.TestWorld.RITA;
import static dev.writeback.core.testing.TestWorld.START;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.Limits;
import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.PayloadTooLargeException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptSyntaxException;
import dev.writeback.core.store.StoredItem;
import dev.writeback.core.testing.Png;
import dev.writeback.core.testing.TestWorld;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ConnectorServiceTest {
    private final TestWorld world = new TestWorld();
    private final ConnectorService connectors = world.services.connectors();

    private String draft() {
        return connectors.create(ALICE, "Acme CRM", "Writes contacts back").connectorId();
    }

    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    // ---- creating and describing

    @Test
    void creatingAConnectorStartsADraftVersionOneOfTheAuthorsCompany() {
        ConnectorVersion v = connectors.create(ALICE, "  Acme CRM ", "Writes contacts back");

        assertTrue(v.connectorId().startsWith("con-"));
        assertEquals(1, v.version());
        assertEquals(ConnectorStatus.DRAFT, v.status());
        assertEquals(Visibility.PRIVATE, v.visibility());
        assertEquals("Acme CRM", v.name());
        assertEquals("acme", v.companyId());
        assertEquals("alice", v.ownerUserId());
        assertEquals(AuthType.NONE, v.authentication().type());
        assertEquals(START, v.createdAt());
        assertEquals(List.of(v.connectorId()),
                connectors.listOwnCompany(BOB, 10, null).items().stream().map(Connector::id).toList());
        assertEquals(List.of(), connectors.listOwnCompany(GUS, 10, null).items());
    }

    @Test
    void onlyAuthorsCreateOrChangeConnectors() {
        assertEquals("Only connector authors create or change connectors.",
                message(ForbiddenException.class, () -> connectors.create(BOB, "Mine", null)));
        String id = draft();
        assertEquals("Only connector authors create or change connectors.",
                message(ForbiddenException.class, () -> connectors.update(BOB, id, null, "Renamed", null, null, null)));
        assertEquals("Acme CRM", connectors.get(BOB, id).name());
    }

    @Test
    void aConnectorNeedsANameOfAtMostOneHundredCharacters() {
        assertEquals("A connector needs a name.", message(InvalidInputException.class, () -> connectors.create(ALICE, " ", null)));
        assertEquals("A connector name has at most 100 characters; this one has 101.",
                message(InvalidInputException.class, () -> connectors.create(ALICE, "x".repeat(101), null)));
        assertEquals(100, connectors.create(ALICE, "x".repeat(100), null).name().length());
    }

    @Test
    void everyStringAndListOfAConnectorHasALimitCheckedBeforeAnythingIsStored() {
        assertEquals("A connector description is at most 4096 bytes (UTF-8); this one is 5242880.",
                message(InvalidInputException.class, () -> connectors.create(ALICE, "Big", "d".repeat(5 * 1024 * 1024))));
        assertEquals(List.of(), connectors.listOwnCompany(ALICE, 10, null).items());
        assertEquals("A connector description is at most 4096 bytes (UTF-8); this one is 4098.",
                message(InvalidInputException.class, () -> connectors.create(ALICE, "Big", "é".repeat(2049))));
        assertEquals(4096, connectors.create(ALICE, "Fits", "d".repeat(4096)).description().length());

        String id = draft();
        ConnectorVersion before = connectors.get(ALICE, id);
        List<String> manyReports = IntStream.range(0, 51).mapToObj(i -> "r" + i).toList();
        assertEquals("reports has at most 50 entries; this one has 51.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, manyReports, null)));
        assertEquals("A report name has at most 100 characters; this one has 101.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, List.of("r".repeat(101)), null)));
        List<Parameter> manyParameters = IntStream.range(0, 21)
                .mapToObj(i -> new Parameter("p" + i, Parameter.Type.STRING, null, false, null)).toList();
        assertEquals("parameters has at most 20 entries; this one has 21.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, null, manyParameters)));
        assertEquals("The helpText of parameter 'p' has at most 1024 characters; this one has 1025.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, null,
                        List.of(new Parameter("p", Parameter.Type.STRING, "h".repeat(1025), false, null)))));
        List<String> manyOptions = IntStream.range(0, 51).mapToObj(i -> "o" + i).toList();
        assertEquals("The options of parameter 'p' has at most 50 entries; this one has 51.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, null,
                        List.of(new Parameter("p", Parameter.Type.DROPDOWN, null, false, manyOptions)))));
        assertEquals("A connector description is at most 4096 bytes (UTF-8); this one is 100000.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, "d".repeat(100_000), null, null)));
        assertEquals(before, connectors.get(ALICE, id));
    }

    @Test
    void aVersionAtEveryLimitIsStoredWhenItsTextIsAsciiAndA413WhenItWouldNotFitAnItem() {
        String id = connectors.create(ALICE, "n".repeat(100), "d".repeat(4096)).connectorId();
        List<String> reports = IntStream.range(0, 50).mapToObj(i -> String.format("%03d", i) + "r".repeat(97)).toList();
        List<Parameter> parameters = IntStream.range(0, 20).mapToObj(i -> new Parameter(String.format("%03d", i) + "p".repeat(97),
                Parameter.Type.DROPDOWN, "h".repeat(1024), false,
                IntStream.range(0, 50).mapToObj(j -> String.format("%03d", j) + "o".repeat(97)).toList())).toList();
        ConnectorVersion v = connectors.update(ALICE, id, null, null, null, reports, parameters);
        assertEquals(20, v.parameters().size());
        int asciiBytes = Json.write(v).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(asciiBytes < Limits.VERSION_BYTES, asciiBytes + " bytes");

        List<Parameter> wide = IntStream.range(0, 20).mapToObj(i -> new Parameter(String.format("%03d", i) + "€".repeat(97),
                Parameter.Type.DROPDOWN, "€".repeat(1024), false,
                IntStream.range(0, 50).mapToObj(j -> String.format("%03d", j) + "€".repeat(97)).toList())).toList();
        String m = message(PayloadTooLargeException.class, () -> connectors.update(ALICE, id, null, null, null, null, wide));
        assertTrue(m.startsWith("This connector version would be ") && m.endsWith(" bytes stored; a version is at most 307200 bytes:"
                + " shorten its parameters (help texts, options), reports or OAuth settings."), m);
        assertEquals(v, connectors.get(ALICE, id), "nothing stored");
    }

    @Test
    void updatingReportsAndParametersLeavesOtherFieldsAndRenamesTheConnectorInListings() {
        String id = draft();
        List<Parameter> params = List.of(
                new Parameter("datasetId", Parameter.Type.STRING, "The input DataSet", true, null),
                new Parameter("region", Parameter.Type.DROPDOWN, null, false, List.of("EU", "US")));
        world.clock.advance(Duration.ofMinutes(5));

        ConnectorVersion v = connectors.update(ALICE, id, null, null, null, List.of("Contacts", "Deals"), params);
        assertEquals(List.of("Contacts", "Deals"), v.reports());
        assertEquals(params, v.parameters());
        assertEquals("Writes contacts back", v.description());
        assertEquals(START.plus(Duration.ofMinutes(5)), v.updatedAt());

        ConnectorVersion renamed = connectors.update(ALICE, id, null, "Acme CRM v2", "New text", null, null);
        assertEquals("Acme CRM v2", renamed.name());
        assertEquals("New text", renamed.description());
        assertEquals(List.of("Contacts", "Deals"), renamed.reports());
        assertEquals("Acme CRM v2", connectors.listOwnCompany(ALICE, 10, null).items().getFirst().name());
    }

    @Test
    void reportsAndParametersAreValidatedWithMessagesNamingTheCulprit() {
        String id = draft();
        assertEquals("Report 'Contacts' is listed twice.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, List.of("Contacts", "Contacts"), null)));
        assertEquals("A report needs a name.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, List.of(" "), null)));
        assertEquals("A parameter needs a name.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, null,
                        List.of(new Parameter("", Parameter.Type.STRING, null, false, null)))));
        assertEquals("Parameter 'datasetId' is defined twice.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, null, List.of(
                        new Parameter("datasetId", Parameter.Type.STRING, null, true, null),
                        new Parameter("datasetId", Parameter.Type.INTEGER, null, false, null)))));
        assertEquals("Dropdown parameter 'region' needs at least one option.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, null,
                        List.of(new Parameter("region", Parameter.Type.DROPDOWN, null, false, List.of())))));
        assertEquals("Only dropdown parameters have options; 'limit' is INTEGER.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, null,
                        List.of(new Parameter("limit", Parameter.Type.INTEGER, null, false, List.of("1"))))));
        assertEquals(List.of(), connectors.get(ALICE, id).parameters());
    }

    // ---- Domo client

    @Test
    void theDomoClientIsVerifiedAndItsSecretGoesToTheVaultOnly() {
        String id = draft();
        world.clock.advance(Duration.ofMinutes(1));

        ConnectorVersion v = connectors.setDomoClient(ALICE, id, "domo-key", "s3cr3t-domo");

        assertEquals(List.of(new DomoCredentials("domo-key", "s3cr3t-domo", List.of("data"))), world.domo.verified());
        assertEquals(new VerifiedDomoClient("domo-key", START.plus(Duration.ofMinutes(1))), v.domo());
        assertEquals(Map.of(ConnectorService.domoSecretName(id, 1), "s3cr3t-domo"), world.vault.values());
        assertFalse(Json.write(v).contains("s3cr3t-domo"), "the secret never leaves in a version");
        assertTrue(world.table.all().stream().map(StoredItem::body).noneMatch(b -> b.contains("s3cr3t-domo")),
                "the secret is never stored in the table");
        assertEquals("s3cr3t-domo", connectors.domoSecret(v).orElseThrow());
    }

    @Test
    void aDomoClientDomoRefusesIsNotStored() {
        String id = draft();
        world.domo.refuse("invalid_client");
        assertEquals("Domo refused the API client: invalid_client",
                message(UnprocessableException.class, () -> connectors.setDomoClient(ALICE, id, "k", "bad")));
        assertEquals(Set.of(), world.vault.names());
        assertNull(connectors.get(ALICE, id).domo());
    }

    @Test
    void aDomoClientIsCheckedForLengthAndFormBeforeDomoIsAsked() {
        String id = draft();
        assertEquals("The Domo API client.clientKey has at most 128 characters; this one has 1048576.",
                message(InvalidInputException.class, () -> connectors.setDomoClient(ALICE, id, "k".repeat(1024 * 1024), "s")));
        assertEquals("The Domo API client.clientSecret has at most 256 characters; this one has 257.",
                message(InvalidInputException.class, () -> connectors.setDomoClient(ALICE, id, "k", "s".repeat(257))));
        assertEquals("The Domo API client.clientKey must be a Domo client id: visible ASCII characters, no ':' or spaces.",
                message(InvalidInputException.class, () -> connectors.setDomoClient(ALICE, id, "a:b", "s")));
        assertEquals(List.of(), world.domo.verified());
        assertEquals(Set.of(), world.vault.names());
    }

    @Test
    void aDomoClientNeedsBothKeyAndSecret() {
        String id = draft();
        assertEquals("The Domo API client needs both clientKey and clientSecret.",
                message(InvalidInputException.class, () -> connectors.setDomoClient(ALICE, id, "k", " ")));
        assertEquals(List.of(), world.domo.verified());
    }

    // ---- authentication

    @Test
    void eachNonOAuthAuthenticationTypeIsStoredAsGiven() {
        String id = draft();
        for (Authentication auth : List.of(Authentication.none(),
                new Authentication(AuthType.USERNAME_PASSWORD, null, List.of(), false),
                TestWorld.apiKeyAuth(), TestWorld.customAuth())) {
            ConnectorVersion v = connectors.setAuthentication(ALICE, id, auth, null);
            assertEquals(auth, v.authentication());
            assertEquals(auth, connectors.get(ALICE, id).authentication());
        }
        assertEquals(Set.of(), world.vault.names());
    }

    @Test
    void oauthSettingsAreStoredAndTheClientSecretGoesToTheVault() {
        String id = draft();
        ConnectorVersion v = connectors.setAuthentication(ALICE, id,
                new Authentication(AuthType.OAUTH2, TestWorld.oauth(), null, false), "oauth-s3cret");

        assertEquals(TestWorld.oauth(), v.authentication().oauth());
        assertTrue(v.authentication().clientSecretSet());
        assertEquals("oauth-s3cret", world.vault.get(ConnectorService.oauthSecretName(id, 1)).orElseThrow());
        assertFalse(Json.write(v).contains("oauth-s3cret"));

        // changing the settings later without resending the secret keeps it
        ConnectorVersion again = connectors.setAuthentication(ALICE, id,
                new Authentication(AuthType.OAUTH2, TestWorld.oauth(), null, false), null);
        assertTrue(again.authentication().clientSecretSet());
    }

    @Test
    void oauthSettingsAreValidatedFieldByField() {
        String id = draft();
        OAuthSettings ok = TestWorld.oauth();
        assertEquals("OAuth 2.0 authentication needs its settings (oauth).", oauthError(id, null));
        assertEquals("OAuth 2.0 authentication needs tokenUrl.", oauthError(id, new OAuthSettings(ok.grant(),
                ok.authorizationUrl(), " ", null, "client-1", null, null, null, null, true, false)));
        assertEquals("OAuth 2.0 authentication needs authorizationUrl.", oauthError(id, new OAuthSettings(
                OAuthSettings.Grant.AUTHORIZATION_CODE, null, ok.tokenUrl(), null, "client-1", null, null, null, null, true, false)));
        assertEquals("authorizationUrl must be an absolute https URL; got 'ftp://auth.example.com/authorize'.",
                oauthError(id, new OAuthSettings(ok.grant(), "ftp://auth.example.com/authorize", ok.tokenUrl(), null,
                        "client-1", null, null, null, null, true, false)));
        assertEquals("tokenUrl must be an absolute https URL; got '/token'.", oauthError(id, new OAuthSettings(
                ok.grant(), ok.authorizationUrl(), "/token", null, "client-1", null, null, null, null, true, false)));
        assertEquals("refreshUrl must be an absolute https URL; got 'refresh'.", oauthError(id, new OAuthSettings(
                ok.grant(), ok.authorizationUrl(), ok.tokenUrl(), "refresh", "client-1", null, null, null, null, true, false)));
        assertEquals("OAuth 2.0 authentication needs a clientId.", oauthError(id, new OAuthSettings(ok.grant(),
                ok.authorizationUrl(), ok.tokenUrl(), null, "", null, null, null, null, true, false)));
        assertEquals(AuthType.NONE, connectors.get(ALICE, id).authentication().type());

        ConnectorVersion clientCredentials = connectors.setAuthentication(ALICE, id, new Authentication(AuthType.OAUTH2,
                new OAuthSettings(OAuthSettings.Grant.CLIENT_CREDENTIALS, null, ok.tokenUrl(), null, "client-1", null,
                        null, null, OAuthSettings.ClientAuth.BODY, false, false), null, false), "s");
        assertEquals(OAuthSettings.ClientAuth.BODY, clientCredentials.authentication().oauth().clientAuth());
    }

    @Test
    void oauthUrlsThatCanNeverBeCalledAreRefusedWhenSaved() {
        String id = draft();
        OAuthSettings ok = TestWorld.oauth();
        assertEquals("authorizationUrl must be an absolute https URL; got 'http://auth.example/authorize'.",
                oauthError(id, withUrls(ok, "http://auth.example/authorize", ok.tokenUrl(), null)));
        assertEquals("tokenUrl must be an absolute https URL; got 'http://169.254.169.254/token'.",
                oauthError(id, withUrls(ok, ok.authorizationUrl(), "http://169.254.169.254/token", null)));
        assertEquals("tokenUrl points to 169.254.169.254, a link-local (cloud metadata) address; "
                + "OAuth URLs must be on public internet hosts.",
                oauthError(id, withUrls(ok, ok.authorizationUrl(), "https://169.254.169.254/token", null)));
        assertEquals("authorizationUrl points to 10.0.0.7, a private network address; "
                + "OAuth URLs must be on public internet hosts.",
                oauthError(id, withUrls(ok, "https://10.0.0.7/authorize", ok.tokenUrl(), null)));
        assertEquals("refreshUrl points to localhost, which resolves to 127.0.0.1, a loopback address; "
                + "OAuth URLs must be on public internet hosts.",
                oauthError(id, withUrls(ok, ok.authorizationUrl(), ok.tokenUrl(), "https://localhost/refresh")));
        assertEquals("refreshUrl points to [64:ff9b::a9fe:a9fe], which resolves to 64:ff9b:0:0:0:0:a9fe:a9fe, an IPv6 "
                + "form of 169.254.169.254, a link-local (cloud metadata) address; OAuth URLs must be on public internet "
                + "hosts.", oauthError(id, withUrls(ok, ok.authorizationUrl(), ok.tokenUrl(),
                        "https://[64:ff9b::a9fe:a9fe]/r")));
        assertEquals(AuthType.NONE, connectors.get(ALICE, id).authentication().type());

        // a name that does not resolve now may resolve later: it is checked again at every call
        OAuthSettings unresolved = withUrls(ok, "https://auth.invalid/authorize", "https://auth.invalid/token", null);
        assertEquals(unresolved, connectors.setAuthentication(ALICE, id,
                new Authentication(AuthType.OAUTH2, unresolved, null, false), "secret").authentication().oauth());
    }

    @Test
    void aDeploymentsInternalTargetsMayBeOAuthUrlsOverHttp() {
        ConnectorService local = new ConnectorService(world.services.connectorRepository(), world.blobs, world.vault,
                world.scripts, world.domo, AddressGuard.publicInternetOnly().allowing(Set.of("127.0.0.1:9000")),
                world.services.agreements(), world.clock);
        String id = draft();
        OAuthSettings onThisMachine = withUrls(TestWorld.oauth(), "http://127.0.0.1:9000/authorize",
                "http://127.0.0.1:9000/token", null);

        assertEquals(onThisMachine, local.setAuthentication(ALICE, id,
                new Authentication(AuthType.OAUTH2, onThisMachine, null, false), "secret").authentication().oauth());
        assertEquals("tokenUrl points to 127.0.0.1, a loopback address; OAuth URLs must be on public internet hosts.",
                message(InvalidInputException.class, () -> local.setAuthentication(ALICE, id, new Authentication(
                        AuthType.OAUTH2, withUrls(onThisMachine, onThisMachine.authorizationUrl(),
                                "https://127.0.0.1:9001/token", null), null, false), "secret")));
        assertEquals("tokenUrl points to 127.0.0.1, a loopback address; OAuth URLs must be on public internet hosts.",
                oauthError(id, withUrls(TestWorld.oauth(), TestWorld.oauth().authorizationUrl(),
                        "https://127.0.0.1:9000/token", null)), "a deployment without that target refuses it");
    }

    private static OAuthSettings withUrls(OAuthSettings s, String authorizationUrl, String tokenUrl, String refreshUrl) {
        return new OAuthSettings(s.grant(), authorizationUrl, tokenUrl, refreshUrl, s.clientId(), s.scopes(),
                s.authorizationParameters(), s.tokenParameters(), s.clientAuth(), s.pkce(), s.refreshEveryRun());
    }

    private String oauthError(String id, OAuthSettings settings) {
        return message(InvalidInputException.class, () -> connectors.setAuthentication(ALICE, id,
                new Authentication(AuthType.OAUTH2, settings, null, false), "secret"));
    }

    @Test
    void customFieldsAndMisplacedOAuthSettingsAreRefused() {
        String id = draft();
        assertEquals("Custom authentication needs at least one field.", message(InvalidInputException.class,
                () -> connectors.setAuthentication(ALICE, id, new Authentication(AuthType.CUSTOM, null, List.of(), false), null)));
        assertEquals("Each custom field needs a key made of letters, digits and _ (it becomes metadata.account.<key>).",
                message(InvalidInputException.class, () -> connectors.setAuthentication(ALICE, id, new Authentication(
                        AuthType.CUSTOM, null, List.of(new CustomField("api key", "API key", true)), false), null)));
        assertEquals("Custom field 'tenant' is defined twice.", message(InvalidInputException.class,
                () -> connectors.setAuthentication(ALICE, id, new Authentication(AuthType.CUSTOM, null, List.of(
                        new CustomField("tenant", "Tenant", false), new CustomField("tenant", "Other", false)), false), null)));
        assertEquals("OAuth settings only go with authentication type OAUTH2, not API_KEY.", message(InvalidInputException.class,
                () -> connectors.setAuthentication(ALICE, id, new Authentication(AuthType.API_KEY, TestWorld.oauth(), null, false), null)));
        assertEquals("An authentication setup is required.", message(InvalidInputException.class,
                () -> connectors.setAuthentication(ALICE, id, null, null)));
    }

    // ---- scripts

    @Test
    void aScriptIsSyntaxCheckedThenStoredAndReadBack() {
        String id = draft();
        ConnectorVersion v = connectors.putScript(ALICE, id, ScriptKind.PROCESS, TestWorld.PROCESS_JS);

        assertEquals(Set.of(ScriptKind.PROCESS), v.scripts());
        assertEquals("process.js", world.scripts.syntaxChecks().getLast().name());
        assertEquals(TestWorld.PROCESS_JS, world.blobs.text(ConnectorService.fileKey(v, "process.js").orElseThrow()));
        assertTrue(ConnectorService.fileKey(v, "process.js").orElseThrow().matches("connectors/" + id
                + "/files/[0-9a-f]{32}-process\\.js"), "addressed by its content");
        assertEquals(TestWorld.PROCESS_JS, connectors.getScript(BOB, id, ScriptKind.PROCESS));
        assertEquals("Connector " + id + " has no auth.js yet.",
                message(NotFoundException.class, () -> connectors.getScript(ALICE, id, ScriptKind.AUTH)));
    }

    @Test
    void replacingAScriptNeverChangesTheFileAnotherVersionNamesAndDropsTheUnusedOne() {
        String id = draft();
        ConnectorVersion first = connectors.putScript(ALICE, id, ScriptKind.PROCESS, TestWorld.PROCESS_JS);
        String firstKey = ConnectorService.fileKey(first, "process.js").orElseThrow();
        ConnectorVersion second = connectors.putScript(ALICE, id, ScriptKind.PROCESS, "DOMO.log('v2');");
        String secondKey = ConnectorService.fileKey(second, "process.js").orElseThrow();

        assertNotEquals(firstKey, secondKey);
        assertEquals("DOMO.log('v2');", world.blobs.text(secondKey));
        assertFalse(world.blobs.keys().contains(firstKey), "no version names the first file any more");
    }

    @Test
    void aScriptWithASyntaxErrorIsRefusedWithItsLocationAndNotStored() {
        String id = draft();
        world.scripts.syntaxError(new ScriptError(ScriptError.Kind.SYNTAX, "Expected ; but found datagrid", "process.js", 3, 7, null));

        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class,
                () -> connectors.putScript(ALICE, id, ScriptKind.PROCESS, "var x = 1\nvar y\nvar z datagrid"));

        assertEquals("process.js:3:7: Expected ; but found datagrid", e.getMessage());
        assertEquals(422, e.status());
        assertEquals(3, e.error().line());
        assertEquals(List.of(), world.blobs.keys());
        assertEquals(Set.of(), connectors.get(ALICE, id).scripts());
    }

    @Test
    void emptyAndOversizedScriptsAreRefused() {
        String id = draft();
        assertEquals("The auth.js script is empty.",
                message(InvalidInputException.class, () -> connectors.putScript(ALICE, id, ScriptKind.AUTH, "  \n")));
        String big = "x".repeat(ConnectorService.MAX_SCRIPT_BYTES + 1);
        assertEquals("The process.js script is 524289 bytes; the limit is 524288.",
                message(InvalidInputException.class, () -> connectors.putScript(ALICE, id, ScriptKind.PROCESS, big)));
        assertEquals(List.of(), world.scripts.syntaxChecks());
    }

    // ---- icons

    @Test
    void anIconOfTheRightSizeIsStoredAsPng() {
        String id = draft();
        byte[] banner = Png.header(1024, 512);
        ConnectorVersion v = connectors.putIcon(ALICE, id, IconKind.BANNER, banner);

        assertEquals(Set.of(IconKind.BANNER), v.icons());
        assertEquals("image/png", world.blobs.get(ConnectorService.fileKey(v, "banner.png").orElseThrow()).orElseThrow().contentType());
        assertArrayEquals(banner, connectors.getIcon(BOB, id, IconKind.BANNER));
        assertEquals("Connector " + id + " has no logo image.",
                message(NotFoundException.class, () -> connectors.getIcon(ALICE, id, IconKind.LOGO)));
    }

    @Test
    void iconsAreCheckedByTheirBytesSizeAndDimensions() {
        String id = draft();
        assertEquals("The icon is not a PNG image (its first bytes are not a PNG signature).", message(InvalidInputException.class,
                () -> connectors.putIcon(ALICE, id, IconKind.ICON, "GIF89a this is not a png at all".getBytes())));
        assertEquals("The icon is empty; upload a PNG file.",
                message(InvalidInputException.class, () -> connectors.putIcon(ALICE, id, IconKind.ICON, new byte[0])));
        assertEquals("The banner must be 1024×512 pixels; this PNG is 512×512.",
                message(InvalidInputException.class, () -> connectors.putIcon(ALICE, id, IconKind.BANNER, Png.header(512, 512))));
        assertEquals("The icon is 1048577 bytes; the limit is 1048576 bytes (1 MiB).", message(InvalidInputException.class,
                () -> connectors.putIcon(ALICE, id, IconKind.ICON, Png.padded(512, 512, PngImage.MAX_BYTES + 1))));
        assertEquals(Set.of(), connectors.get(ALICE, id).icons());

        assertEquals(Set.of(IconKind.ICON), connectors.putIcon(ALICE, id, IconKind.ICON, Png.padded(512, 512, PngImage.MAX_BYTES)).icons());
        assertEquals("Unknown icon kind 'favicon'; use one of icon, icon-no-background, logo, banner.",
                message(InvalidInputException.class, () -> IconKind.fromSlug("favicon")));
    }

    // ---- submitting and reviewing

    @Test
    void submittingAnIncompleteConnectorListsEverythingItLacks() {
        String id = draft();
        assertEquals("Connector " + id + " cannot be submitted yet; it lacks a Domo API client (PUT /connectors/{id}/domo-client),"
                        + " a processing script (PUT /connectors/{id}/scripts/process),"
                        + " an authentication script (PUT /connectors/{id}/scripts/auth).",
                message(UnprocessableException.class, () -> connectors.submit(ALICE, id, Visibility.PUBLIC)));
        assertEquals(ConnectorStatus.DRAFT, connectors.get(ALICE, id).status());
    }

    @Test
    void textAndDiscoveryParametersAndTheDiscoveryScriptTheyNeed() {
        String id = world.completeDraft(ALICE, "Acme CRM", TestWorld.apiKeyAuth(), List.of(), List.of()).connectorId();
        List<Parameter> params = List.of(new Parameter("note", Parameter.Type.TEXT, "Any text", false, null),
                new Parameter("page", Parameter.Type.DISCOVERY, null, false, null),
                new Parameter("sites", Parameter.Type.DISCOVERY, null, true, null, Parameter.DiscoveryMode.TREE));
        ConnectorVersion v = connectors.update(ALICE, id, null, null, null, null, params);
        assertEquals(Arrays.asList(null, Parameter.DiscoveryMode.DROPDOWN, Parameter.DiscoveryMode.TREE),
                v.parameters().stream().map(Parameter::discovery).toList());
        assertEquals("Only DISCOVERY parameters have a discovery mode; 'limit' is INTEGER.", message(InvalidInputException.class,
                () -> connectors.update(ALICE, id, null, null, null, null, List.of(
                        new Parameter("limit", Parameter.Type.INTEGER, null, false, null, Parameter.DiscoveryMode.TREE)))));

        assertEquals("Connector " + id + " cannot be submitted yet; it lacks a discovery script for its DISCOVERY parameters"
                        + " (PUT /connectors/{id}/scripts/discovery).",
                message(UnprocessableException.class, () -> connectors.submit(ALICE, id, Visibility.PRIVATE)));
        assertEquals(Set.of(ScriptKind.AUTH, ScriptKind.PROCESS, ScriptKind.DISCOVERY),
                connectors.putScript(ALICE, id, ScriptKind.DISCOVERY, TestWorld.DISCOVERY_JS).scripts());
        assertEquals(TestWorld.DISCOVERY_JS, connectors.getScript(ALICE, id, ScriptKind.DISCOVERY));
        assertEquals(ConnectorStatus.SUBMITTED, world.submit(ALICE, id, Visibility.PRIVATE).status());
    }

    @Test
    void anOAuthConnectorCannotBeSubmittedWithoutItsClientSecret() {
        String id = world.completeDraft(ALICE, "Acme CRM", TestWorld.apiKeyAuth(), List.of(), List.of()).connectorId();
        connectors.setAuthentication(ALICE, id, new Authentication(AuthType.OAUTH2, TestWorld.oauth(), null, false), null);
        assertEquals("Connector " + id + " cannot be submitted yet; it lacks the OAuth client secret.",
                message(UnprocessableException.class, () -> connectors.submit(ALICE, id, Visibility.PRIVATE)));
    }

    @Test
    void theAuthorsJourneyFromDraftToPublished() {
        String id = world.completeDraft(ALICE, "Acme CRM", TestWorld.apiKeyAuth(), List.of("Contacts"), List.of()).connectorId();
        world.clock.advance(Duration.ofHours(1));

        ConnectorVersion submitted = connectors.submit(ALICE, id, Visibility.PUBLIC);
        assertEquals(ConnectorStatus.SUBMITTED, submitted.status());
        assertEquals(Visibility.PUBLIC, submitted.visibility());
        assertEquals(START.plus(Duration.ofHours(1)), submitted.submittedAt());
        assertEquals("Connector " + id + " is submitted for review and read-only; withdraw it to edit.",
                message(InvalidStateException.class, () -> connectors.update(ALICE, id, null, "Changed", null, null, null)));

        ConnectorVersion withdrawn = connectors.withdraw(ALICE, id);
        assertEquals(ConnectorStatus.DRAFT, withdrawn.status());
        assertNull(withdrawn.submittedAt());
        assertEquals("Only a submitted connector can be withdrawn; this one is DRAFT.",
                message(InvalidStateException.class, () -> connectors.withdraw(ALICE, id)));
        assertEquals("Connector " + id + " is DRAFT, not submitted for review.",
                message(InvalidStateException.class, () -> connectors.approve(RITA, id)));

        connectors.submit(ALICE, id, Visibility.PUBLIC);
        ConnectorVersion published = connectors.approve(RITA, id);

        assertEquals(ConnectorStatus.PUBLISHED, published.status());
        assertEquals(new Review("rita", true, null, START.plus(Duration.ofHours(1))), published.review());
        Connector root = world.services.connectorRepository().get(id);
        assertEquals(1, root.publishedVersion());
        assertEquals(Visibility.PUBLIC, root.publishedVisibility());
        assertEquals(published, connectors.published(BOB, id));
    }

    @Test
    void approvingRequiresTheReviewerRole() {
        String id = world.completeDraft(ALICE, "Acme CRM", TestWorld.apiKeyAuth(), List.of(), List.of()).connectorId();
        connectors.submit(ALICE, id, null);
        for (var notReviewer : List.of(ALICE, BOB, GUS)) {
            assertEquals("Only reviewers approve or reject connectors.",
                    message(ForbiddenException.class, () -> connectors.approve(notReviewer, id)));
        }
        assertEquals("Only reviewers approve or reject connectors.",
                message(ForbiddenException.class, () -> connectors.reject(ALICE, id, "Looks wrong")));
        assertEquals(ConnectorStatus.SUBMITTED, connectors.get(ALICE, id).status());
        assertEquals(Visibility.PRIVATE, connectors.get(ALICE, id).visibility());
    }

    @Test
    void reviewersOfOtherCompaniesReviewOnlyPublicSubmissionsAndNobodyReviewsTheirOwn() {
        var vera = new Caller("globex", "vera", Set.of(Role.REVIEWER));
        String privateOne = world.completeDraft(ALICE, "Acme CRM", TestWorld.apiKeyAuth(), List.of(), List.of()).connectorId();
        connectors.submit(ALICE, privateOne, Visibility.PRIVATE);
        assertEquals("There is no connector " + privateOne + ".",
                message(NotFoundException.class, () -> connectors.approve(vera, privateOne)));
        assertEquals("There is no connector " + privateOne + ".",
                message(NotFoundException.class, () -> connectors.reject(vera, privateOne, "Not for you")));
        assertEquals("There is no connector " + privateOne + ".",
                message(NotFoundException.class, () -> connectors.get(vera, privateOne)));

        String publicOne = world.completeDraft(ALICE, "Acme Public", TestWorld.apiKeyAuth(), List.of(), List.of()).connectorId();
        connectors.submit(ALICE, publicOne, Visibility.PUBLIC);
        assertEquals(ConnectorStatus.SUBMITTED, connectors.get(vera, publicOne).status(), "a reviewer reads what she reviews");
        assertEquals(TestWorld.PROCESS_JS, connectors.getScript(vera, publicOne, ScriptKind.PROCESS));
        assertEquals("There is no connector " + publicOne + ".",
                message(NotFoundException.class, () -> connectors.get(GUS, publicOne)), "not yet public for non-reviewers");
        assertEquals(ConnectorStatus.PUBLISHED, connectors.approve(vera, publicOne).status());

        // now public: a private v2 submission is still for Acme's reviewers only
        connectors.update(ALICE, publicOne, null, null, "Internal edition", null, null);
        connectors.submit(ALICE, publicOne, Visibility.PRIVATE);
        assertEquals("Connector " + publicOne + " is not submitted for public review; only reviewers of its own company"
                + " review its private submissions.", message(ForbiddenException.class, () -> connectors.approve(vera, publicOne)));

        var ada = new Caller("acme", "ada",
                Set.of(Role.AUTHOR, Role.REVIEWER));
        String adas = world.completeDraft(ada, "Ada's CRM", TestWorld.apiKeyAuth(), List.of(), List.of()).connectorId();
        connectors.submit(ada, adas, Visibility.PRIVATE);
        assertEquals("Reviewers do not review their own connectors; another reviewer must decide on " + adas + ".",
                message(ForbiddenException.class, () -> connectors.approve(ada, adas)));
        assertEquals("Reviewers do not review their own connectors; another reviewer must decide on " + adas + ".",
                message(ForbiddenException.class, () -> connectors.reject(ada, adas, "Mine is bad")));
        assertEquals("Reviewers do not review their own connectors; another reviewer must decide on " + privateOne + ".",
                message(ForbiddenException.class, () -> connectors.approve(
                        new Caller("acme", "alice", Set.of(Role.REVIEWER)), privateOne)),
                "the submitter, even when only a reviewer now");
        assertEquals("ada", connectors.get(ALICE, adas).submittedBy());
        assertEquals(ConnectorStatus.PUBLISHED, connectors.approve(RITA, adas).status());
        assertEquals(ConnectorStatus.PUBLISHED, connectors.approve(ada, privateOne).status(), "a colleague's connector");
    }

    @Test
    void renamingTheNextDraftLeavesThePublishedNameInThePublicListingUntilItIsApproved() {
        String id = world.published(TestWorld.apiKeyAuth(), List.of(), List.of(), Visibility.PUBLIC).connectorId();
        connectors.update(ALICE, id, null, "Acme CRM Next", null, null, null);

        Connector listed = connectors.listPublic(10, null).items().getFirst();
        assertEquals("Acme CRM", listed.name());
        assertEquals(1, listed.latestVersion());
        assertEquals("Acme CRM", connectors.get(GUS, id).name());
        assertEquals("Acme CRM Next", connectors.listOwnCompany(ALICE, 10, null).items().getFirst().name());

        connectors.submit(ALICE, id, Visibility.PUBLIC);
        connectors.approve(RITA, id);
        assertEquals(List.of("Acme CRM Next"), connectors.listPublic(10, null).items().stream().map(Connector::name).toList());
        assertEquals(2, connectors.listPublic(10, null).items().getFirst().publishedVersion());
    }

    @Test
    void rejectingNeedsAReasonAndLetsTheAuthorEditAndResubmit() {
        String id = world.completeDraft(ALICE, "Acme CRM", TestWorld.apiKeyAuth(), List.of(), List.of()).connectorId();
        connectors.submit(ALICE, id, Visibility.PRIVATE);
        assertEquals("A rejection needs a reason the author can act on.",
                message(InvalidInputException.class, () -> connectors.reject(RITA, id, "  ")));

        ConnectorVersion rejected = connectors.reject(RITA, id, "  The auth script never fails.  ");
        assertEquals(ConnectorStatus.REJECTED, rejected.status());
        assertEquals(new Review("rita", false, "The auth script never fails.", START), rejected.review());
        assertEquals("Connector " + id + " has no published version yet.",
                message(InvalidStateException.class, () -> connectors.published(ALICE, id)));

        ConnectorVersion edited = connectors.putScript(ALICE, id, ScriptKind.AUTH, "auth.authenticationFailed('x');");
        assertEquals(1, edited.version());
        assertEquals(ConnectorStatus.REJECTED, edited.status());
        ConnectorVersion resubmitted = connectors.submit(ALICE, id, Visibility.PRIVATE);
        assertEquals(ConnectorStatus.SUBMITTED, resubmitted.status());
        assertNull(resubmitted.review());
    }

    @Test
    void editingAPublishedVersionStartsVersionTwoAsACopyAndLeavesVersionOneAlone() {
        ConnectorVersion v1 = world.published(new Authentication(AuthType.OAUTH2, TestWorld.oauth(), null, false),
                List.of("Contacts"), List.of(), Visibility.PUBLIC);
        String id = v1.connectorId();
        connectors.putIcon(ALICE, id, IconKind.LOGO, Png.header(512, 512));
        // the icon upload above already started version 2; v1 never changes
        ConnectorVersion v2 = connectors.update(ALICE, id, null, null, "Second edition", null, null);

        assertEquals(2, v2.version());
        assertEquals(ConnectorStatus.DRAFT, v2.status());
        assertNull(v2.review());
        assertNull(v2.submittedAt());
        assertEquals("Second edition", v2.description());
        assertEquals(Set.of(ScriptKind.AUTH, ScriptKind.PROCESS), v2.scripts());
        assertEquals(Set.of(IconKind.LOGO), v2.icons());
        assertEquals(TestWorld.PROCESS_JS, world.blobs.text(ConnectorService.fileKey(v2, "process.js").orElseThrow()));
        assertEquals(TestWorld.AUTH_JS, world.blobs.text(ConnectorService.fileKey(v2, "auth.js").orElseThrow()));
        assertEquals(ConnectorService.fileKey(v1, "process.js"), ConnectorService.fileKey(v2, "process.js"),
                "the draft shares the unchanged file with v1");
        assertEquals("domo-secret", world.vault.get(ConnectorService.domoSecretName(id, 2)).orElseThrow());
        assertEquals("oauth-secret", world.vault.get(ConnectorService.oauthSecretName(id, 2)).orElseThrow());

        ConnectorVersion v1Now = world.services.connectorRepository().getVersion(id, 1);
        assertEquals(v1, v1Now);
        assertEquals(Set.of(), v1Now.icons());
        assertEquals(2, connectors.get(ALICE, id).version());
        assertEquals(1, connectors.get(GUS, id).version(), "other companies see only the published version");
        assertEquals(1, world.services.connectorRepository().get(id).publishedVersion());

        // a second edit keeps working on the same draft
        assertEquals(2, connectors.update(ALICE, id, null, null, "Third try", null, null).version());
    }

    @Test
    void aNewDraftGetsItsOwnDomoSecretWithoutTouchingThePublishedOne() {
        String id = world.publishedApiKeyConnector().connectorId();
        connectors.setDomoClient(ALICE, id, "domo-key-2", "domo-secret-2");
        assertEquals("domo-secret", world.vault.get(ConnectorService.domoSecretName(id, 1)).orElseThrow());
        assertEquals("domo-secret-2", world.vault.get(ConnectorService.domoSecretName(id, 2)).orElseThrow());
        assertEquals("domo-key", connectors.published(ALICE, id).domo().clientKey());
    }

    // ---- visibility and concurrency

    @Test
    void aPrivateConnectorIsNotFoundForAnotherCompanyNotForbidden() {
        String id = world.publishedApiKeyConnector().connectorId();
        String notFound = "There is no connector " + id + ".";
        assertEquals(notFound, message(NotFoundException.class, () -> connectors.get(GUS, id)));
        assertEquals(notFound, message(NotFoundException.class, () -> connectors.getVersion(GUS, id, 1)));
        assertEquals(notFound, message(NotFoundException.class, () -> connectors.published(GUS, id)));
        assertEquals(notFound, message(NotFoundException.class, () -> connectors.getScript(GUS, id, ScriptKind.PROCESS)));
        assertEquals(notFound, message(NotFoundException.class, () -> connectors.update(GUS, id, null, "Mine", null, null, null)));
        assertEquals(notFound, message(NotFoundException.class, () -> connectors.delete(GUS, id)));
        assertEquals(List.of(), connectors.listPublic(10, null).items());
    }

    @Test
    void aPublicPublishedConnectorIsVisibleToOthersOnlyAsPublished() {
        String id = world.publishedApiKeyConnector().connectorId();
        assertEquals("There is no connector " + id + ".", message(NotFoundException.class, () -> connectors.get(GUS, id)));

        // version 2, submitted public and approved
        connectors.update(ALICE, id, null, null, "Now for everyone", null, null);
        connectors.submit(ALICE, id, Visibility.PUBLIC);
        connectors.approve(RITA, id);
        connectors.update(ALICE, id, null, null, "Work in progress", null, null);

        ConnectorVersion seen = connectors.get(GUS, id);
        assertEquals(2, seen.version());
        assertEquals("Now for everyone", seen.description());
        assertEquals(ConnectorStatus.PUBLISHED, seen.status());
        assertEquals(1, connectors.getVersion(ALICE, id, 1).version());
        assertEquals("Connector " + id + " has no version 1.",
                message(NotFoundException.class, () -> connectors.getVersion(GUS, id, 1)));
        assertEquals("Connector " + id + " has no version 3.",
                message(NotFoundException.class, () -> connectors.getVersion(GUS, id, 3)));
        assertEquals("Only authors of the company that owns connector " + id + " may change it.",
                message(ForbiddenException.class, () -> connectors.update(GUS, id, null, "Mine", null, null, null)));
        assertEquals(List.of(id), connectors.listPublic(10, null).items().stream().map(Connector::id).toList());
    }

    @Test
    void publishingANewVersionPrivatelyRemovesTheConnectorFromThePublicListing() {
        String id = world.published(TestWorld.apiKeyAuth(), List.of(), List.of(), Visibility.PUBLIC).connectorId();
        assertEquals(1, connectors.listPublic(10, null).items().size());
        connectors.update(ALICE, id, null, null, "Internal only", null, null);
        connectors.submit(ALICE, id, Visibility.PRIVATE);
        connectors.approve(RITA, id);
        assertEquals(List.of(), connectors.listPublic(10, null).items());
        assertThrows(NotFoundException.class, () -> connectors.get(GUS, id));
    }

    @Test
    void aStaleIfMatchRevisionIsAConflict() {
        String id = draft();
        long read = connectors.get(ALICE, id).revision();
        ConnectorVersion changed = connectors.update(ALICE, id, read, null, "First edit", null, null);
        assertEquals(read + 1, changed.revision());

        assertEquals("Connector " + id + " changed since revision " + read + " (now " + (read + 1) + "); reload and retry.",
                message(ConflictException.class, () -> connectors.update(ALICE, id, read, null, "Lost edit", null, null)));
        assertEquals("First edit", connectors.get(ALICE, id).description());
    }

    @Test
    void aConcurrentWriteOfAStaleVersionThroughTheRepositoryIsAConflict() {
        String id = draft();
        ConnectorRepository repository = world.services.connectorRepository();
        ConnectorVersion readByA = repository.getVersion(id, 1);
        ConnectorVersion readByB = repository.getVersion(id, 1);

        repository.update(readByA.toBuilder().description("A's edit").build());
        assertThrows(ConflictException.class, () -> repository.update(readByB.toBuilder().description("B's edit").build()));
        assertEquals("A's edit", repository.getVersion(id, 1).description());

        Connector root = repository.get(id);
        repository.update(root.withName("A's name"));
        assertThrows(ConflictException.class, () -> repository.update(root.withName("B's name")));
    }

    // ---- deleting

    @Test
    void aNeverPublishedConnectorIsDeletedWithItsScriptsIconsAndSecrets() {
        String id = world.completeDraft(ALICE, "Acme CRM", new Authentication(AuthType.OAUTH2, TestWorld.oauth(), null, false),
                List.of(), List.of()).connectorId();
        connectors.putIcon(ALICE, id, IconKind.ICON, Png.header(512, 512));
        String other = connectors.create(ALICE, "Keep me", null).connectorId();

        connectors.delete(ALICE, id);

        assertEquals(List.of(), world.blobs.keys());
        assertEquals(Set.of(), world.vault.names());
        assertTrue(world.table.all().stream().noneMatch(i -> i.pk().equals("CONNECTOR#" + id)));
        assertEquals("There is no connector " + id + ".", message(NotFoundException.class, () -> connectors.get(ALICE, id)));
        assertEquals(List.of(other), connectors.listOwnCompany(ALICE, 10, null).items().stream().map(Connector::id).toList());
    }

    @Test
    void aPublishedConnectorIsNeverDeleted() {
        String id = world.publishedApiKeyConnector().connectorId();
        assertEquals("Connector " + id + " has been published; published connectors are kept for the jobs that use them.",
                message(InvalidStateException.class, () -> connectors.delete(ALICE, id)));
        assertEquals(ConnectorStatus.PUBLISHED, connectors.get(ALICE, id).status());
    }

    @Test
    void listingsPageThroughTheCompanysConnectorsNewestFirst() {
        String first = draft();
        world.clock.advance(Duration.ofMinutes(1));
        String second = draft();
        world.clock.advance(Duration.ofMinutes(1));
        String third = draft();

        var page1 = connectors.listOwnCompany(ALICE, 2, null);
        var page2 = connectors.listOwnCompany(ALICE, 2, page1.nextCursor());
        assertEquals(List.of(third, second), page1.items().stream().map(Connector::id).toList());
        assertEquals(List.of(first), page2.items().stream().map(Connector::id).toList());
        assertNull(page2.nextCursor());
    }
}
