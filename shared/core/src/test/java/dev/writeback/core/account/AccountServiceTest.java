package dev.writeback.core.account;

import static dev.writeback.core.testing.TestWorld.ALICE;
import static dev.writeback.core.testing.TestWorld.BOB;
import static dev.writeback.core.testing.TestWorld.GUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.Authentication;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.ScriptKind;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.testing.FakeScriptRunner;
import dev.writeback.core.testing.TestWorld;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AccountServiceTest {
    private final TestWorld world = new TestWorld();
    private final AccountService accounts = world.services.accounts();

    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private ConnectorVersion published(Authentication auth) {
        return world.published(auth, List.of(), List.of(), Visibility.PRIVATE);
    }

    @Test
    void anAccountsNameAndFieldsHaveLimitsCheckedBeforeTheScriptRunsOrAnythingIsStored() {
        ConnectorVersion connector = published(TestWorld.apiKeyAuth());
        int scriptCalls = world.scripts.authCalls().size();
        Set<String> secrets = world.vault.names();
        assertEquals("An account name has at most 100 characters; this one has 101.", message(InvalidInputException.class,
                () -> accounts.connect(BOB, connector.connectorId(), "n".repeat(101), Map.of("apikey", "key-123"))));
        assertEquals("fields.apikey has at most 8192 characters; this one has 8193.", message(InvalidInputException.class,
                () -> accounts.connect(BOB, connector.connectorId(), null, Map.of("apikey", "k".repeat(8193)))));
        assertEquals(scriptCalls, world.scripts.authCalls().size());
        assertEquals(secrets, world.vault.names());
        assertEquals(List.of(), accounts.list(BOB, 10, null).items());
    }

    @Test
    void connectingAnApiKeyAccountRunsTheAuthScriptThenStoresTheKeyInTheVaultOnly() {
        ConnectorVersion connector = published(TestWorld.apiKeyAuth());

        Account account = accounts.connect(BOB, connector.connectorId(), "  Bob's key ", Map.of("apikey", "key-123"));

        assertTrue(account.id().startsWith("acc-"));
        assertEquals("Bob's key", account.name());
        assertEquals(AccountStatus.CONNECTED, account.status());
        assertEquals(AuthType.API_KEY, account.authType());
        assertEquals(1, account.connectorVersion());
        assertEquals("acme", account.companyId());
        assertEquals("bob", account.ownerUserId());
        assertEquals(Map.of("apikey", "key-123"), AccountCredentials.parse(world.vault.get("accounts/" + account.id()).orElseThrow()));
        assertTrue(world.table.all().stream().noneMatch(i -> i.body().contains("key-123")), "no secret in the table");

        FakeScriptRunner.Call call = world.scripts.authCalls().getLast();
        assertEquals("auth.js", call.source().name());
        assertEquals(TestWorld.AUTH_JS, call.source().code());
        ScriptInput input = call.input();
        assertEquals("key-123", input.account().get("apikey"));
        assertTrue(input.account().containsKey("username"), "standard keys are present, as in Domo");
        assertNull(input.account().get("username"));
        assertEquals("https://acme.domo.com", input.baseUrl());
        assertNull(input.dataPlane(), "an authentication script reads no data");
        assertEquals(Set.of("key-123"), input.redactions());
        assertEquals(account, accounts.get(BOB, account.id()));
    }

    @Test
    void eachFieldBasedAuthenticationTypeConnectsWithItsFields() {
        Map<Authentication, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put(Authentication.none(), Map.of());
        cases.put(new Authentication(AuthType.USERNAME_PASSWORD, null, List.of(), false), Map.of("username", "bob", "password", "pw-1"));
        cases.put(TestWorld.apiKeyAuth(), Map.of("apikey", "key-1"));
        cases.put(TestWorld.customAuth(), Map.of("tenant", "acme-eu", "token", "tok-1"));

        cases.forEach((auth, fields) -> {
            ConnectorVersion connector = published(auth);
            Account account = accounts.connect(BOB, connector.connectorId(), null, fields);
            assertEquals(auth.type(), account.authType());
            assertEquals("Acme CRM account", account.name());
            assertEquals(fields, AccountCredentials.parse(world.vault.get(account.secretName()).orElseThrow()));
            ScriptInput input = world.scripts.authCalls().getLast().input();
            fields.forEach((k, v) -> assertEquals(v, input.account().get(k), k));
        });

        ScriptInput custom = world.scripts.authCalls().getLast().input();
        assertEquals(Set.of("tok-1"), custom.redactions(), "only password-type custom fields are redacted");
        assertEquals(4, accounts.list(BOB, 10, null).items().size());
    }

    @Test
    void missingFieldsAreNamedAndUnknownFieldsRefused() {
        String userPass = published(new Authentication(AuthType.USERNAME_PASSWORD, null, List.of(), false)).connectorId();
        assertEquals("The account needs the field(s) username, password for USERNAME_PASSWORD authentication.",
                message(InvalidInputException.class, () -> accounts.connect(BOB, userPass, null, Map.of())));
        assertEquals("The account needs the field(s) password for USERNAME_PASSWORD authentication.",
                message(InvalidInputException.class, () -> accounts.connect(BOB, userPass, null, Map.of("username", "bob", "password", ""))));

        String apiKey = published(TestWorld.apiKeyAuth()).connectorId();
        assertEquals("Unknown account field 'token'; this connector asks for apikey.",
                message(InvalidInputException.class, () -> accounts.connect(BOB, apiKey, null, Map.of("apikey", "k", "token", "t"))));

        String none = published(Authentication.none()).connectorId();
        assertEquals("Unknown account field 'apikey'; this connector asks for no fields.",
                message(InvalidInputException.class, () -> accounts.connect(BOB, none, null, Map.of("apikey", "k"))));

        String custom = published(TestWorld.customAuth()).connectorId();
        assertEquals("The account needs the field(s) token for CUSTOM authentication.",
                message(InvalidInputException.class, () -> accounts.connect(BOB, custom, null, Map.of("tenant", "t"))));

        assertEquals(List.of(), world.scripts.authCalls());
        assertEquals(List.of(), accounts.list(BOB, 10, null).items());
    }

    @Test
    void aRefusalByTheAuthScriptIsUnprocessableWithItsMessageAndNothingIsStored() {
        String id = published(TestWorld.apiKeyAuth()).connectorId();
        world.scripts.onAuthenticate((source, input) -> FakeScriptRunner.refused("Invalid API key"));
        int writesBefore = world.table.writes();

        assertEquals("The connector's authentication script refused these credentials: Invalid API key",
                message(UnprocessableException.class, () -> accounts.connect(BOB, id, null, Map.of("apikey", "wrong"))));

        assertTrue(world.vault.names().stream().noneMatch(n -> n.startsWith("accounts/")));
        assertEquals(writesBefore, world.table.writes());
        assertEquals(List.of(), accounts.list(BOB, 10, null).items());
    }

    @Test
    void anOAuthConnectorConnectsThroughItsAuthorizationFlowInstead() {
        String id = published(new Authentication(AuthType.OAUTH2, TestWorld.oauth(), null, false)).connectorId();
        assertEquals("Connector " + id + " uses OAuth 2.0; connect the account through its authorization flow (POST /oauth/start).",
                message(InvalidStateException.class, () -> accounts.connect(BOB, id, null, Map.of())));
        assertEquals(List.of(), world.scripts.authCalls());
    }

    @Test
    void onlyPublishedConnectorsVisibleToTheCallerTakeAccounts() {
        String draft = world.completeDraft(ALICE, "Draft", TestWorld.apiKeyAuth(), List.of(), List.of()).connectorId();
        assertEquals("Connector " + draft + " has no published version yet.",
                message(InvalidStateException.class, () -> accounts.connect(BOB, draft, null, Map.of("apikey", "k"))));

        String privateOne = published(TestWorld.apiKeyAuth()).connectorId();
        assertEquals("There is no connector " + privateOne + ".",
                message(NotFoundException.class, () -> accounts.connect(GUS, privateOne, null, Map.of("apikey", "k"))));

        String publicOne = world.published(TestWorld.apiKeyAuth(), List.of(), List.of(), Visibility.PUBLIC).connectorId();
        Account gus = accounts.connect(GUS, publicOne, null, Map.of("apikey", "globex-key"));
        assertEquals("globex", gus.companyId());
    }

    @Test
    void anAccountUsesThePublishedVersionNotTheAuthorsNewDraft() {
        String id = published(TestWorld.apiKeyAuth()).connectorId();
        world.services.connectors().putScript(ALICE, id, ScriptKind.AUTH, "auth.authenticationFailed('draft');");

        Account account = world.apiKeyAccount(BOB, id);

        assertEquals(1, account.connectorVersion());
        assertEquals(TestWorld.AUTH_JS, world.scripts.authCalls().getLast().source().code());
    }

    @Test
    void accountsOfOtherUsersAreNotFound() {
        String id = published(TestWorld.apiKeyAuth()).connectorId();
        Account alices = world.apiKeyAccount(ALICE, id);
        Account bobs = world.apiKeyAccount(BOB, id);

        String notFound = "There is no account " + alices.id() + ".";
        assertEquals(notFound, message(NotFoundException.class, () -> accounts.get(BOB, alices.id())));
        assertEquals(notFound, message(NotFoundException.class, () -> accounts.get(GUS, alices.id())));
        assertEquals(notFound, message(NotFoundException.class, () -> accounts.delete(BOB, alices.id())));
        assertEquals(List.of(bobs.id()), accounts.list(BOB, 10, null).items().stream().map(Account::id).toList());
        assertEquals(List.of(), accounts.list(GUS, 10, null).items());
        assertEquals("There is no account acc-missing.", message(NotFoundException.class, () -> accounts.get(BOB, "acc-missing")));
    }

    @Test
    void deletingAnAccountRemovesItsCredentials() {
        String id = published(TestWorld.apiKeyAuth()).connectorId();
        Account account = world.apiKeyAccount(BOB, id);

        accounts.delete(BOB, account.id());

        assertTrue(world.vault.get(account.secretName()).isEmpty());
        assertThrows(NotFoundException.class, () -> accounts.get(BOB, account.id()));
    }
}
