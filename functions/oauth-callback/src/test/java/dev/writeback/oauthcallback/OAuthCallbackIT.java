package dev.writeback.oauthcallback;

import static dev.writeback.oauthcallback.OAuthPlatform.ALICE;
import static dev.writeback.oauthcallback.OAuthPlatform.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountCredentials;
import dev.writeback.core.account.AccountStatus;
import dev.writeback.core.account.SubmitForReview;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.OAuthSettings.ClientAuth;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.json.Json;
import dev.writeback.core.testrun.TestRun;
import dev.writeback.core.testrun.TestRunRequest;
import dev.writeback.core.testrun.TestRunService;
import dev.writeback.core.testrun.TestRunStatus;
import dev.writeback.core.time.Deadline;
import dev.writeback.testing.aws.DynaliteExtension;
import dev.writeback.testing.oauth.OAuthServerExtension;
import dev.writeback.testing.oauth.OAuthServerExtension.Landing;
import dev.writeback.testing.openapi.OpenApiContract;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connecting accounts through the real OAuth handler against a real authorization server, and keeping tokens fresh. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OAuthCallbackIT {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = new DynaliteExtension();
    @RegisterExtension
    static final OAuthServerExtension PROVIDER = new OAuthServerExtension(REDIRECT, OAuthPlatform.OTHER_REDIRECT);

    static OAuthPlatform platform;
    static String basicConnector;
    static String postConnector;
    static String everyRunConnector;
    static final Caller VERA = new Caller("globex", "vera", Set.of(Role.REVIEWER));

    @BeforeAll
    static void setUp() {
        platform = new OAuthPlatform(DYNAMO, PROVIDER);
        basicConnector = platform.publish(platform.codeSettings(OAuthServerExtension.BASIC_CLIENT_ID, ClientAuth.BASIC,
                false), OAuthServerExtension.BASIC_CLIENT_SECRET, platform.introspectingScript());
        postConnector = platform.publish(platform.codeSettings(OAuthServerExtension.POST_CLIENT_ID, ClientAuth.BODY,
                false), OAuthServerExtension.POST_CLIENT_SECRET, platform.introspectingScript());
        everyRunConnector = platform.publish(platform.codeSettings(OAuthServerExtension.BASIC_CLIENT_ID,
                ClientAuth.BASIC, true), OAuthServerExtension.BASIC_CLIENT_SECRET, platform.introspectingScript());
    }

    /** Last: what the description promises a client, the journey saw sent (each answer's check saw nothing else). */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyDocumentedPropertyOfWhatTheJourneyReadWasSent() {
        for (String schema : List.of("Account", "OAuthStarted")) {
            assertEquals(Set.of(), OpenApiContract.repository().unseen(schema), schema + ": documented, never sent");
        }
    }

    @AfterAll
    static void tearDown() {
        platform.close();
    }

    /** Start, authorize in the browser, call back: the account's id, CONNECTED. */
    static Account connect(String connectorId) throws Exception {
        Map<String, Object> started = platform.start(ALICE, connectorId, null);
        Landing landing = PROVIDER.browser().open((String) started.get("authorizationUrl"));
        assertTrue(landing.redirected(), () -> "the provider did not redirect back: " + landing.body());
        APIGatewayV2HTTPResponse page = platform.callback(landing.redirect(), null);
        assertEquals(200, page.getStatusCode(), page.getBody());
        return platform.account((String) started.get("accountId"));
    }

    @Test
    void aReviewerOfAnotherCompanyTestsAPublicSubmissionWithTheTestAccountItsAuthorConnectedToTheDraft() throws Exception {
        String id = platform.draft(platform.codeSettings(OAuthServerExtension.BASIC_CLIENT_ID, ClientAuth.BASIC, false),
                OAuthServerExtension.BASIC_CLIENT_SECRET, platform.introspectingScript());
        SubmitForReview submissions = platform.services.submitForReview();
        String noAccount = assertThrows(InvalidInputException.class,
                () -> submissions.submit(OAuthPlatform.AUTHOR, id, Visibility.PUBLIC, null, null)).getMessage();
        assertTrue(noAccount.startsWith("testAccountId is required: connector " + id + " uses OAuth 2.0"), noAccount);

        String testAccount = platform.connectTestAccount(id);
        assertEquals(AccountStatus.CONNECTED, platform.account(testAccount).status());
        assertEquals(1, platform.account(testAccount).connectorVersion(), "connected to the draft, never published");
        assertEquals("account", submissions.submit(OAuthPlatform.AUTHOR, id, Visibility.PUBLIC, testAccount, null)
                .testCredentials());

        TestRunService testRuns = platform.services.testRuns();
        TestRunRequest withSubmittedCredentials = new TestRunRequest("auth", null, null, null, null, null, null, "live",
                null, true);
        TestRun started = testRuns.start(VERA, id, withSubmittedCredentials);
        TestRun ended = testRuns.execute(started.id(), Deadline.after(Duration.ofMinutes(1), platform.clock));
        assertEquals(TestRunStatus.SUCCEEDED, ended.status(), Json.write(ended));
        assertTrue(ended.outcome().authenticated(), "the provider accepted the author's token: " + Json.write(ended));
        assertFalse(ended.exchanges().isEmpty(), "the script introspected the token: " + Json.write(ended));
        Map<String, String> tokens = platform.storedCredentials(testAccount);
        List<String> secrets = List.of(tokens.get(AccountCredentials.ACCESS_TOKEN),
                tokens.get(AccountCredentials.REFRESH_TOKEN), OAuthServerExtension.BASIC_CLIENT_SECRET);
        for (Object answer : List.of(started, ended, testRuns.get(VERA, started.id()),
                platform.services.connectors().get(VERA, id))) {
            String json = Json.write(answer);
            for (String secret : secrets) {
                assertFalse(json.contains(secret), "a reviewer sees no secret of the author's: " + json);
            }
        }
        Caller otherCompanysUser = new Caller("globex", "gil", Set.of());
        assertThrows(NotFoundException.class, () -> testRuns.start(otherCompanysUser, id, withSubmittedCredentials));

        platform.services.connectors().approve(VERA, id);
        assertTrue(platform.vault.get("connectors/" + id + "/v1/test-credentials").isEmpty());
    }

    @Test
    void startGivesTheProvidersAuthorizationUrlWithStatePkceAndTheExactRedirectUri() {
        Map<String, Object> started = platform.start(ALICE, basicConnector, null);
        URI url = URI.create((String) started.get("authorizationUrl"));
        Map<String, String> q = OAuthPlatform.query(url);

        assertEquals(PROVIDER.authorizationUrl(), url.getScheme() + "://" + url.getAuthority() + url.getPath());
        assertEquals("code", q.get("response_type"));
        assertEquals(OAuthServerExtension.BASIC_CLIENT_ID, q.get("client_id"));
        assertEquals(REDIRECT, q.get("redirect_uri"));
        assertEquals("openid offline_access", q.get("scope"));
        assertEquals("consent", q.get("prompt"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length());
        assertTrue(q.get("state").length() >= 43, "state carries at least 256 bits: " + q.get("state"));
        Account pending = platform.account((String) started.get("accountId"));
        assertEquals(AccountStatus.PENDING, pending.status());
        assertEquals("alice", pending.ownerUserId());
        assertEquals(Map.of(), platform.storedCredentials(pending.id()));
    }

    @Test
    void theCallbackStoresTheTokensAndConnectsOnlyAfterTheAuthScriptAccepts() throws Exception {
        Map<String, Object> started = platform.start(ALICE, basicConnector, null);
        Landing landing = PROVIDER.browser().open((String) started.get("authorizationUrl"));
        APIGatewayV2HTTPResponse page = platform.callback(landing.redirect(), null);

        assertEquals(200, page.getStatusCode());
        assertTrue(page.getHeaders().get("content-type").startsWith("text/html"));
        assertEquals("no-store", page.getHeaders().get("cache-control"));
        Account account = platform.account((String) started.get("accountId"));
        assertTrue(page.getBody().contains("The account <strong>My account</strong> (" + account.id()
                + ") is connected."), page.getBody());
        assertEquals(AccountStatus.CONNECTED, account.status());
        assertEquals(List.of("openid", "offline_access"), account.grantedScopes());
        assertNotNull(account.tokenExpiresAt());
        Map<String, String> stored = platform.storedCredentials(account.id());
        assertEquals(account.tokenExpiresAt().toString(), stored.get(AccountCredentials.EXPIRES_AT));
        assertTrue(PROVIDER.active(OAuthServerExtension.BASIC_CLIENT_ID, OAuthServerExtension.BASIC_CLIENT_SECRET,
                stored.get(AccountCredentials.ACCESS_TOKEN)));
        assertNotNull(stored.get(AccountCredentials.REFRESH_TOKEN));
        assertFalse(page.getBody().contains(stored.get(AccountCredentials.ACCESS_TOKEN)));
        assertFalse(page.getBody().contains(stored.get(AccountCredentials.REFRESH_TOKEN)));
    }

    @Test
    void clientSecretInTheBodyWorksToo() throws Exception {
        Account account = connect(postConnector);
        assertEquals(AccountStatus.CONNECTED, account.status());
        Map<String, String> before = platform.storedCredentials(account.id());
        platform.clock.advance(Duration.ofMinutes(5));
        Map<String, String> after = platform.credentials.forRun(account, platform.connector(postConnector),
                Deadline.after(Duration.ofMinutes(1), platform.clock));
        assertNotEquals(before.get(AccountCredentials.ACCESS_TOKEN), after.get(AccountCredentials.ACCESS_TOKEN));
    }

    @Test
    void aTokenFarFromExpiryIsUsedAsStored() throws Exception {
        Account account = connect(basicConnector);
        Map<String, String> stored = platform.storedCredentials(account.id());
        Map<String, String> forRun = platform.credentials.forRun(account, platform.connector(basicConnector),
                Deadline.after(Duration.ofMinutes(1), platform.clock));
        assertEquals(stored, forRun);
    }

    @Test
    void aTokenNearExpiryIsRefreshedAndTheRotatedRefreshTokenIsKept() throws Exception {
        Account account = connect(basicConnector);
        ConnectorVersion connector = platform.connector(basicConnector);
        Map<String, String> first = platform.storedCredentials(account.id());

        platform.clock.advance(Duration.ofSeconds(90)); // tokens live 120 s; the skew is 60 s
        Map<String, String> second = platform.credentials.forRun(account, connector,
                Deadline.after(Duration.ofMinutes(1), platform.clock));

        assertNotEquals(first.get(AccountCredentials.ACCESS_TOKEN), second.get(AccountCredentials.ACCESS_TOKEN));
        assertNotEquals(first.get(AccountCredentials.REFRESH_TOKEN), second.get(AccountCredentials.REFRESH_TOKEN));
        assertEquals(second, platform.storedCredentials(account.id()));
        assertTrue(PROVIDER.active(OAuthServerExtension.BASIC_CLIENT_ID, OAuthServerExtension.BASIC_CLIENT_SECRET,
                second.get(AccountCredentials.ACCESS_TOKEN)));
        Account after = platform.account(account.id());
        assertEquals(second.get(AccountCredentials.EXPIRES_AT), after.tokenExpiresAt().toString());

        // The rotated token works again: the grant was not revoked by a reuse.
        platform.clock.advance(Duration.ofSeconds(90));
        Map<String, String> third = platform.credentials.forRun(after, connector,
                Deadline.after(Duration.ofMinutes(1), platform.clock));
        assertNotEquals(second.get(AccountCredentials.REFRESH_TOKEN), third.get(AccountCredentials.REFRESH_TOKEN));
        assertEquals(AccountStatus.CONNECTED, platform.account(account.id()).status());
    }

    @Test
    void refreshEveryRunRefreshesAFreshToken() throws Exception {
        Account account = connect(everyRunConnector);
        Map<String, String> first = platform.storedCredentials(account.id());
        Map<String, String> second = platform.credentials.forRun(account, platform.connector(everyRunConnector),
                Deadline.after(Duration.ofMinutes(1), platform.clock));
        assertNotEquals(first.get(AccountCredentials.ACCESS_TOKEN), second.get(AccountCredentials.ACCESS_TOKEN));
    }

    @Test
    void concurrentRunsSpendTheSingleUseRefreshTokenOnce() throws Exception {
        Account account = connect(basicConnector);
        ConnectorVersion connector = platform.connector(basicConnector);
        platform.clock.advance(Duration.ofSeconds(90));
        int runs = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        List<Future<Map<String, String>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return platform.credentials.forRun(account, connector,
                            Deadline.after(Duration.ofMinutes(1), platform.clock));
                }));
            }
            go.countDown();
            Map<String, String> winner = results.get(0).get();
            for (Future<Map<String, String>> r : results) {
                assertEquals(winner.get(AccountCredentials.ACCESS_TOKEN), r.get().get(AccountCredentials.ACCESS_TOKEN));
            }
        } finally {
            pool.shutdownNow();
        }
        // Had two runs used the same refresh token, oidc-provider would have revoked the grant.
        Map<String, String> stored = platform.storedCredentials(account.id());
        assertTrue(PROVIDER.active(OAuthServerExtension.BASIC_CLIENT_ID, OAuthServerExtension.BASIC_CLIENT_SECRET,
                stored.get(AccountCredentials.ACCESS_TOKEN)));
        platform.clock.advance(Duration.ofSeconds(90));
        platform.credentials.forRun(account, connector, Deadline.after(Duration.ofMinutes(1), platform.clock));
        assertEquals(AccountStatus.CONNECTED, platform.account(account.id()).status());
    }

    @Test
    void aRevokedGrantMarksTheAccountNeedsReauthAndRunsFailFastUntilItIsReconnected() throws Exception {
        Account account = connect(basicConnector);
        ConnectorVersion connector = platform.connector(basicConnector);
        PROVIDER.revoke(OAuthServerExtension.BASIC_CLIENT_ID, OAuthServerExtension.BASIC_CLIENT_SECRET,
                platform.storedCredentials(account.id()).get(AccountCredentials.REFRESH_TOKEN));
        platform.clock.advance(Duration.ofSeconds(90));

        InvalidStateException refused = assertThrows(InvalidStateException.class, () -> platform.credentials.forRun(
                account, connector, Deadline.after(Duration.ofMinutes(1), platform.clock)));
        assertEquals("Account " + account.id() + " must be connected again: the provider refused its authorization "
                + "(invalid_grant: grant request is invalid).", refused.getMessage());
        Account needsReauth = platform.account(account.id());
        assertEquals(AccountStatus.NEEDS_REAUTH, needsReauth.status());
        assertEquals("the provider refused its authorization (invalid_grant: grant request is invalid)",
                needsReauth.statusReason());

        InvalidStateException again = assertThrows(InvalidStateException.class, () -> platform.credentials.forRun(
                needsReauth, connector, Deadline.after(Duration.ofMinutes(1), platform.clock)));
        assertEquals("Account " + account.id() + " is NEEDS_REAUTH (the provider refused its authorization "
                + "(invalid_grant: grant request is invalid)); connect it again before running jobs with it.",
                again.getMessage());

        // Reconnecting the same account brings it back.
        Map<String, Object> started = platform.start(ALICE, basicConnector, account.id());
        assertEquals(account.id(), started.get("accountId"));
        Landing landing = PROVIDER.browser().open((String) started.get("authorizationUrl"));
        assertEquals(200, platform.callback(landing.redirect(), null).getStatusCode());
        Account reconnected = platform.account(account.id());
        assertEquals(AccountStatus.CONNECTED, reconnected.status());
        assertEquals(null, reconnected.statusReason());
        platform.credentials.forRun(reconnected, connector, Deadline.after(Duration.ofMinutes(1), platform.clock));
    }

    @Test
    void anUnavailableTokenEndpointIsRetriedABoundedNumberOfTimes() throws Exception {
        Account account = connect(basicConnector);
        ConnectorVersion connector = platform.connector(basicConnector);
        platform.clock.advance(Duration.ofSeconds(90));

        PROVIDER.failNextTokenRequests(3);
        UpstreamException unavailable = assertThrows(UpstreamException.class, () -> platform.credentials.forRun(
                account, connector, Deadline.after(Duration.ofMinutes(1), platform.clock)));
        assertTrue(unavailable.getMessage().startsWith("Could not renew the access token of account " + account.id()
                + " after 3 attempt(s): The OAuth token endpoint at " + PROVIDER.hostPort()
                + " is unavailable (HTTP 503)."), unavailable.getMessage());
        assertEquals(AccountStatus.CONNECTED, platform.account(account.id()).status());

        PROVIDER.failNextTokenRequests(2);
        Map<String, String> fresh = platform.credentials.forRun(account, connector,
                Deadline.after(Duration.ofMinutes(1), platform.clock));
        assertTrue(PROVIDER.active(OAuthServerExtension.BASIC_CLIENT_ID, OAuthServerExtension.BASIC_CLIENT_SECRET,
                fresh.get(AccountCredentials.ACCESS_TOKEN)));
    }

    @Test
    void clientCredentialsConnectWithoutABrowserAndRenewBeforeExpiry() throws Exception {
        String connectorId = platform.publish(platform.serviceSettings(), OAuthServerExtension.SERVICE_CLIENT_SECRET,
                platform.introspectingScript().replace("metadata.account.clientKey", "'writeback-service'"));
        APIGatewayV2HTTPResponse r = platform.post(ALICE, OAuthApi.CLIENT_CREDENTIALS,
                Map.of("connectorId", connectorId, "name", "Service account"));
        assertEquals(201, r.getStatusCode(), r.getBody());
        Account account = Json.read(r.getBody(), Account.class);
        assertEquals(AccountStatus.CONNECTED, account.status());
        assertEquals(List.of("api:read"), account.grantedScopes());
        Map<String, String> first = platform.storedCredentials(account.id());
        assertEquals(null, first.get(AccountCredentials.REFRESH_TOKEN));

        platform.clock.advance(Duration.ofSeconds(90));
        Map<String, String> second = platform.credentials.forRun(platform.account(account.id()),
                platform.connector(connectorId), Deadline.after(Duration.ofMinutes(1), platform.clock));
        assertNotEquals(first.get(AccountCredentials.ACCESS_TOKEN), second.get(AccountCredentials.ACCESS_TOKEN));
        assertTrue(PROVIDER.active(OAuthServerExtension.SERVICE_CLIENT_ID, OAuthServerExtension.SERVICE_CLIENT_SECRET,
                second.get(AccountCredentials.ACCESS_TOKEN)));
    }

    @Test
    void startRefusesAConnectorThatUsesClientCredentials() {
        String connectorId = platform.publish(platform.serviceSettings(), OAuthServerExtension.SERVICE_CLIENT_SECRET,
                "auth.authenticationSuccess();");
        APIGatewayV2HTTPResponse r = platform.post(ALICE, OAuthApi.START, Map.of("connectorId", connectorId));
        assertEquals(409, r.getStatusCode());
        assertTrue(r.getBody().contains("Connector " + connectorId
                + " uses the CLIENT_CREDENTIALS grant; use POST /oauth/client-credentials to connect its accounts."),
                r.getBody());
    }
}
