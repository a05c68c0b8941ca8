package dev.writeback.core.account;

import static dev.writeback.core.testing.TestWorld.ALICE;
import static dev.writeback.core.testing.TestWorld.BOB;
import static dev.writeback.core.testing.TestWorld.GUS;
import static dev.writeback.core.testing.TestWorld.RITA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.Authentication;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorStatus;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.connector.TestCredentials;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.job.JobService;
import dev.writeback.core.json.Json;
import dev.writeback.core.testing.TestWorld;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SubmitForReviewTest {
    private static final Caller VERA = new Caller("globex", "vera", Set.of(Role.REVIEWER));
    private static final List<Parameter> REGION = List.of(new Parameter("region", Parameter.Type.DISCOVERY,
            "Where to write", true, null));

    private final TestWorld world = new TestWorld();
    private final ConnectorService connectors = world.services.connectors();
    private final SubmitForReview submissions = world.services.submitForReview();

    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private String secretName(ConnectorVersion v) {
        return "connectors/" + v.connectorId() + "/v" + v.version() + "/test-credentials";
    }

    private ConnectorVersion oauthDraft() {
        return world.completeDraft(ALICE, "Acme CRM", new Authentication(AuthType.OAUTH2, TestWorld.oauth(), null, false),
                List.of("Contacts"), List.of());
    }

    @Test
    void anOAuthConnectorIsNotSubmittedWithoutATestAccountAndTheProblemNamesTheField() {
        String id = oauthDraft().connectorId();

        String problem = message(InvalidInputException.class, () -> submissions.submit(ALICE, id, Visibility.PUBLIC, null, null));

        assertTrue(problem.startsWith("testAccountId is required: connector " + id + " uses OAuth 2.0"), problem);
        assertEquals(ConnectorStatus.DRAFT, connectors.get(ALICE, id).status());
        assertEquals("testFields are for connectors authenticating with fields; connector " + id + " uses OAUTH2: give "
                        + "testAccountId, an account you connected through POST /oauth/start.",
                message(InvalidInputException.class, () -> submissions.submit(ALICE, id, Visibility.PUBLIC, null,
                        Map.of("apikey", "k"))));
    }

    @Test
    void aConnectorWithADiscoveryParameterNeedsTestCredentialsTooAndKeepsTheFieldsOnlyInTheVault() {
        ConnectorVersion draft = world.completeDraft(ALICE, "Acme CRM", TestWorld.apiKeyAuth(), List.of("Contacts"), REGION);
        String id = draft.connectorId();
        assertTrue(message(InvalidInputException.class, () -> submissions.submit(ALICE, id, Visibility.PUBLIC, null, null))
                .startsWith("testAccountId is required: connector " + id + " has DISCOVERY parameters"));
        assertEquals("The account needs the field(s) apikey for API_KEY authentication.",
                message(InvalidInputException.class, () -> submissions.submit(ALICE, id, Visibility.PUBLIC, null,
                        Map.of("apikey", ""))));

        ConnectorVersion submitted = submissions.submit(ALICE, id, Visibility.PUBLIC, null, Map.of("apikey", "review-key-77"));

        assertEquals(ConnectorStatus.SUBMITTED, submitted.status());
        assertEquals("fields", submitted.testCredentials());
        assertFalse(Json.write(submitted).contains("review-key-77"));
        assertFalse(Json.write(connectors.get(VERA, id)).contains("review-key-77"));
        assertTrue(world.vault.get(secretName(submitted)).orElseThrow().contains("review-key-77"));
        assertEquals(new TestCredentials(null, Map.of("apikey", "review-key-77")), connectors.testCredentials(submitted).orElseThrow());
    }

    @Test
    void approvingRejectingOrWithdrawingLeavesNoTestCredentialsBehind() {
        ConnectorVersion draft = world.completeDraft(ALICE, "Acme CRM", TestWorld.apiKeyAuth(), List.of("Contacts"), REGION);
        String id = draft.connectorId();
        Map<String, String> fields = Map.of("apikey", "review-key-77");

        submissions.submit(ALICE, id, Visibility.PRIVATE, null, fields);
        ConnectorVersion withdrawn = connectors.withdraw(ALICE, id);
        assertNull(withdrawn.testCredentials());
        assertTrue(world.vault.get(secretName(withdrawn)).isEmpty());

        submissions.submit(ALICE, id, Visibility.PRIVATE, null, fields);
        ConnectorVersion rejected = connectors.reject(RITA, id, "Add help texts");
        assertNull(rejected.testCredentials());
        assertTrue(world.vault.get(secretName(rejected)).isEmpty());

        submissions.submit(ALICE, id, Visibility.PRIVATE, null, fields);
        ConnectorVersion approved = connectors.approve(RITA, id);
        assertNull(approved.testCredentials());
        assertTrue(world.vault.get(secretName(approved)).isEmpty());
        assertTrue(world.vault.names().stream().noneMatch(n -> world.vault.get(n).orElse("").contains("review-key-77")),
                "no secret keeps the test fields");
    }

    @Test
    void theTestAccountIsOneOfTheSubmittersOwnConnectedAccountsOfThisConnector() {
        ConnectorVersion draft = oauthDraft();
        String id = draft.connectorId();
        Account alices = world.oauthTestAccount(ALICE, draft);
        Account bobs = world.oauthTestAccount(BOB, draft);
        ConnectorVersion other = oauthDraft();
        Account otherConnectors = world.oauthTestAccount(ALICE, other);

        assertEquals("There is no account " + bobs.id() + ".", message(NotFoundException.class,
                () -> submissions.submit(ALICE, id, Visibility.PUBLIC, bobs.id(), null)));
        assertEquals("Account " + otherConnectors.id() + " belongs to connector " + other.connectorId() + ", not " + id + ".",
                message(InvalidInputException.class, () -> submissions.submit(ALICE, id, Visibility.PUBLIC,
                        otherConnectors.id(), null)));
        assertEquals("Give either testAccountId or testFields, not both.", message(InvalidInputException.class,
                () -> submissions.submit(ALICE, id, Visibility.PUBLIC, alices.id(), Map.of("apikey", "k"))));

        ConnectorVersion submitted = submissions.submit(ALICE, id, Visibility.PUBLIC, alices.id(), null);

        assertEquals("account", submitted.testCredentials());
        assertFalse(Json.write(submitted).contains(alices.id()));
        assertEquals(alices.id(), connectors.testCredentials(submitted).orElseThrow().accountId());
    }

    @Test
    void onlyReviewersWhoMayDecideOnASubmissionMayTestIt() {
        ConnectorVersion draft = world.completeDraft(ALICE, "Acme CRM", TestWorld.apiKeyAuth(), List.of("Contacts"), REGION);
        String id = draft.connectorId();
        submissions.submit(ALICE, id, Visibility.PRIVATE, null, Map.of("apikey", "review-key-77"));
        String notFound = "Connector " + id + " has no submission you review.";

        assertEquals("There is no connector " + id + ".",
                message(NotFoundException.class, () -> connectors.submissionToTest(VERA, id)));
        assertEquals(notFound, message(NotFoundException.class, () -> connectors.submissionToTest(BOB, id)));
        assertEquals(notFound, message(NotFoundException.class, () -> connectors.submissionToTest(ALICE, id)));
        assertEquals(1, connectors.submissionToTest(RITA, id).version());
    }

    @Test
    void anOAuthAccountConnectsToItsCompanysDraftButNoJobUsesItBeforePublication() {
        ConnectorVersion draft = oauthDraft();
        String id = draft.connectorId();

        assertEquals(ConnectorStatus.DRAFT, connectors.connectable(ALICE, id).status());
        assertEquals("There is no connector " + id + ".", message(NotFoundException.class, () -> connectors.connectable(GUS, id)));
        Account account = world.oauthTestAccount(ALICE, draft);
        assertEquals("Connector " + id + " has no published version yet.", message(InvalidStateException.class,
                () -> world.services.jobs().create(ALICE, new JobService.JobRequest(id, account.id(), "Nightly", "Contacts",
                        Map.of(), null, null, null))));
    }
}
