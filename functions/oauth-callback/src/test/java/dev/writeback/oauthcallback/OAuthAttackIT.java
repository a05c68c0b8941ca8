package dev.writeback.oauthcallback;

import static dev.writeback.oauthcallback.OAuthPlatform.ALICE;
import static dev.writeback.oauthcallback.OAuthPlatform.BOB;
import static dev.writeback.oauthcallback.OAuthPlatform.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountStatus;
import dev.writeback.core.connector.OAuthSettings.ClientAuth;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.json.Json;
import dev.writeback.core.time.Deadline;
import dev.writeback.testing.aws.DynaliteExtension;
import dev.writeback.testing.oauth.OAuthServerExtension;
import dev.writeback.testing.oauth.OAuthServerExtension.Landing;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every way to misuse the callback is refused with a clear page, and nothing is stored. */
class OAuthAttackIT {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = new DynaliteExtension();
    @RegisterExtension
    static final OAuthServerExtension PROVIDER = new OAuthServerExtension(REDIRECT, OAuthPlatform.OTHER_REDIRECT);
    static final String NOT_VALID = "This authorization link is not valid or was already used. "
            + "Start connecting the account again.";

    static OAuthPlatform platform;
    static String connector;

    @BeforeAll
    static void setUp() {
        platform = new OAuthPlatform(DYNAMO, PROVIDER);
        connector = platform.publish(platform.codeSettings(OAuthServerExtension.BASIC_CLIENT_ID, ClientAuth.BASIC,
                false), OAuthServerExtension.BASIC_CLIENT_SECRET, platform.introspectingScript());
    }

    @AfterAll
    static void tearDown() {
        platform.close();
    }

    record Started(String accountId, String url) {
    }

    static Started start(OAuthPlatform on) {
        Map<String, Object> m = on.start(ALICE, connector, null);
        return new Started((String) m.get("accountId"), (String) m.get("authorizationUrl"));
    }

    static URI authorize(String url) throws Exception {
        Landing landing = PROVIDER.browser().open(url);
        assertTrue(landing.redirected(), landing.body());
        return landing.redirect();
    }

    static void assertRefused(APIGatewayV2HTTPResponse page, int status, String message) {
        assertEquals(status, page.getStatusCode(), page.getBody());
        assertTrue(page.getHeaders().get("content-type").startsWith("text/html"));
        assertTrue(page.getBody().contains("<h1>The account was not connected</h1><p>" + message + "</p>"),
                page.getBody());
    }

    static void assertNothingStored(String accountId) {
        assertEquals(AccountStatus.PENDING, platform.account(accountId).status());
        assertEquals(Map.of(), platform.storedCredentials(accountId));
    }

    @Test
    void anotherCompanyCannotConnectToADraftNorAnyoneToAnotherCompanysUnpublishedConnector() {
        String draft = platform.draft(platform.codeSettings(OAuthServerExtension.BASIC_CLIENT_ID, ClientAuth.BASIC, false),
                OAuthServerExtension.BASIC_CLIENT_SECRET, "auth.authenticationSuccess();");
        Caller otherCompany = new Caller("globex", "gil", Set.of(Role.AUTHOR, Role.REVIEWER));
        for (String route : new String[] {OAuthApi.START, OAuthApi.CLIENT_CREDENTIALS}) {
            APIGatewayV2HTTPResponse r = platform.post(otherCompany, route, Map.of("connectorId", draft));
            assertEquals(404, r.getStatusCode(), route + ": " + r.getBody());
            assertTrue(r.getBody().contains("There is no connector " + draft + "."), r.getBody());
        }
    }

    @Test
    void aForgedStateIsRefused() throws Exception {
        Started s = start(platform);
        Map<String, String> q = new LinkedHashMap<>(OAuthPlatform.query(authorize(s.url())));
        q.put("state", "forged-" + q.get("state").substring(7));
        assertRefused(platform.callback(q, null), 400, NOT_VALID);
        assertNothingStored(s.accountId());
    }

    @Test
    void aCallbackWithoutStateIsRefused() {
        assertRefused(platform.callback(Map.of("code", "abc"), null), 400, NOT_VALID);
    }

    @Test
    void aReplayedCallbackIsRefusedAndKeepsTheFirstTokens() throws Exception {
        Started s = start(platform);
        URI redirect = authorize(s.url());
        assertEquals(200, platform.callback(redirect, null).getStatusCode());
        Map<String, String> first = platform.storedCredentials(s.accountId());

        assertRefused(platform.callback(redirect, null), 400, NOT_VALID);
        assertEquals(first, platform.storedCredentials(s.accountId()));
    }

    @Test
    void anExpiredStateIsRefused() throws Exception {
        Started s = start(platform);
        URI redirect = authorize(s.url());
        platform.clock.advance(Duration.ofMinutes(11));
        assertRefused(platform.callback(redirect, null), 400,
                "This authorization took longer than 10 minutes and expired. Start connecting the account again.");
        assertNothingStored(s.accountId());
        // and it is gone: the same callback now reads as unknown
        assertRefused(platform.callback(redirect, null), 400, NOT_VALID);
    }

    @Test
    void anotherUsersStateIsRefusedAndStaysUsableByItsOwner() throws Exception {
        Started s = start(platform);
        URI redirect = authorize(s.url());
        assertRefused(platform.callback(redirect, BOB), 403, "This authorization was started by another user; "
                + "start connecting the account again from your own session.");
        assertNothingStored(s.accountId());

        assertEquals(200, platform.callback(redirect, ALICE).getStatusCode());
        assertEquals(AccountStatus.CONNECTED, platform.account(s.accountId()).status());
    }

    @Test
    void anotherUsersAccountCannotBeReconnected() {
        Started s = start(platform);
        APIGatewayV2HTTPResponse r = platform.post(BOB, OAuthApi.START,
                Map.of("connectorId", connector, "accountId", s.accountId()));
        assertEquals(404, r.getStatusCode());
        assertTrue(r.getBody().contains("There is no account " + s.accountId() + "."), r.getBody());
    }

    @Test
    void aCodeInjectedIntoAnotherAuthorizationFailsPkce() throws Exception {
        Started victim = start(platform);
        Started attacker = start(platform);
        Map<String, String> attackerCode = OAuthPlatform.query(authorize(attacker.url()));
        Map<String, String> victimState = OAuthPlatform.query(authorize(victim.url()));
        Map<String, String> injected = Map.of("state", victimState.get("state"), "code", attackerCode.get("code"));

        assertRefused(platform.callback(injected, null), 502,
                "The OAuth provider refused: invalid_grant (grant request is invalid).");
        assertNothingStored(victim.accountId());
        assertNothingStored(attacker.accountId());
    }

    @Test
    void anUnregisteredRedirectUriIsRefusedByTheProvider() throws Exception {
        OAuthPlatform misconfigured = platform.withRedirect("http://127.0.0.1:9/not/registered");
        Started s = start(misconfigured);
        Landing landing = PROVIDER.browser().open(s.url());
        assertFalse(landing.redirected());
        assertEquals(400, landing.status());
        assertTrue(landing.body().contains("redirect_uri"), landing.body());
        assertNothingStored(s.accountId());
    }

    @Test
    void aCodeIssuedForOneRedirectUriCannotBeRedeemedWithAnother() throws Exception {
        Started s = start(platform);
        URI redirect = authorize(s.url());
        OAuthPlatform other = platform.withRedirect(OAuthPlatform.OTHER_REDIRECT);
        assertRefused(other.callback(redirect, null), 502,
                "The OAuth provider refused: invalid_grant (grant request is invalid).");
        assertNothingStored(s.accountId());
    }

    @Test
    void aProviderErrorIsShownEscaped() throws Exception {
        Started s = start(platform);
        Map<String, String> q = OAuthPlatform.query(URI.create(s.url()));
        Map<String, String> error = Map.of("state", q.get("state"), "error", "access_denied",
                "error_description", "<script>alert('x')</script> & \"more\"");
        APIGatewayV2HTTPResponse page = platform.callback(error, null);
        assertRefused(page, 502, "The OAuth provider refused: access_denied (&lt;script&gt;alert(&#39;x&#39;)"
                + "&lt;/script&gt; &amp; &quot;more&quot;).");
        assertFalse(page.getBody().contains("<script>"));
        assertNothingStored(s.accountId());
    }

    @Test
    void aRealProviderErrorRedirectIsShown() throws Exception {
        Started s = start(platform);
        // prompt=none without a session at the provider: it must redirect back with login_required
        URI redirect = authorize(s.url().replace("prompt=consent", "prompt=none"));
        assertEquals("login_required", OAuthPlatform.query(redirect).get("error"));
        assertRefused(platform.callback(redirect, null), 502,
                "The OAuth provider refused: login_required (End-User authentication is required).");
        assertNothingStored(s.accountId());
    }

    @Test
    void anAuthScriptThatRefusesLeavesTheAccountUnconnectedAndStoresNothing() throws Exception {
        String refusing = platform.draft(platform.codeSettings(OAuthServerExtension.BASIC_CLIENT_ID,
                ClientAuth.BASIC, false), OAuthServerExtension.BASIC_CLIENT_SECRET,
                "if (metadata.account.accesstoken) { auth.authenticationFailed('This user has no <b>reports</b>'); }");
        Map<String, Object> m = platform.start(ALICE, refusing, null);
        String accountId = (String) m.get("accountId");
        APIGatewayV2HTTPResponse page = platform.callback(authorize((String) m.get("authorizationUrl")), null);
        assertRefused(page, 422, "The connector&#39;s authentication script did not accept the account: "
                + "This user has no &lt;b&gt;reports&lt;/b&gt;");
        assertNothingStored(accountId);
    }

    @Test
    void aTokenUrlTheDeploymentMayNotCallIsTheConnectorsErrorAndTheAccountMustBeReconnected() {
        String serviceConnector = platform.publish(platform.serviceSettings(), OAuthServerExtension.SERVICE_CLIENT_SECRET,
                "auth.authenticationSuccess();");
        APIGatewayV2HTTPResponse connected = platform.post(ALICE, OAuthApi.CLIENT_CREDENTIALS,
                Map.of("connectorId", serviceConnector, "name", "Service account"));
        assertEquals(201, connected.getStatusCode(), connected.getBody());
        Account account = Json.read(connected.getBody(), Account.class);
        OAuthPlatform refusing = platform.refusingTheProvider();
        String notCalled = "The OAuth token URL " + PROVIDER.hostPort() + " was not called: URLs must use https.";

        platform.clock.advance(Duration.ofSeconds(90));
        InvalidStateException run = assertThrows(InvalidStateException.class, () -> refusing.credentials.forRun(
                platform.account(account.id()), platform.connector(serviceConnector),
                Deadline.after(Duration.ofMinutes(1), platform.clock)));
        String reason = "its connector's OAuth setup cannot be used (" + notCalled + " Its author must change it)";
        assertEquals("Account " + account.id() + " must be connected again: " + reason + ".", run.getMessage());
        assertEquals(AccountStatus.NEEDS_REAUTH, platform.account(account.id()).status());
        assertEquals(reason, platform.account(account.id()).statusReason());

        APIGatewayV2HTTPResponse reconnect = refusing.post(ALICE, OAuthApi.CLIENT_CREDENTIALS,
                Map.of("connectorId", serviceConnector, "accountId", account.id()));
        assertEquals(409, reconnect.getStatusCode(), reconnect.getBody());
        assertEquals("application/problem+json", reconnect.getHeaders().get("content-type"));
        String cannot = "connector " + serviceConnector + " v1 cannot get tokens: " + notCalled;
        assertEquals("The account cannot be connected: " + cannot + " Its author must change its authentication.",
                Json.read(reconnect.getBody(), Map.class).get("detail"));
        assertEquals(cannot, platform.account(account.id()).statusReason());
    }

    @Test
    void theBrowserIsNeverSentToAnAuthorizationUrlTheDeploymentMayNotCall() {
        APIGatewayV2HTTPResponse r = platform.refusingTheProvider().post(ALICE, OAuthApi.START,
                Map.of("connectorId", connector));
        assertEquals(409, r.getStatusCode(), r.getBody());
        assertEquals("Connector " + connector + " v1 cannot connect accounts: authorizationUrl must be an absolute "
                + "https URL; got '" + PROVIDER.authorizationUrl() + "'. Its author must change its authentication.",
                Json.read(r.getBody(), Map.class).get("detail"));
        assertFalse(r.getBody().contains("state="), r.getBody());
    }
}
