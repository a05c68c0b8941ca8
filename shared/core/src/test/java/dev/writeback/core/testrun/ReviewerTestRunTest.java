package dev.writeback.core.testrun;

import static dev.writeback.core.testing.TestWorld.ALICE;
import static dev.writeback.core.testing.TestWorld.BOB;
import static dev.writeback.core.testing.TestWorld.RITA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.json.Json;
import dev.writeback.core.script.AuthOutcome;
import dev.writeback.core.testing.TestWorld;
import dev.writeback.core.time.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ReviewerTestRunTest {
    private static final Caller VERA = new Caller("globex", "vera", Set.of(Role.REVIEWER));
    private static final Caller WALT = new Caller("initech", "walt", Set.of(Role.REVIEWER));
    private static final String KEY = "review-key-77";

    private final TestWorld world = new TestWorld(b -> b.testRunLauncher(services -> run -> { }));
    private final TestRunService testRuns = world.services.testRuns();

    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private static TestRunRequest submittedAuthRun() {
        return new TestRunRequest("auth", null, null, null, null, null, null, "live", null, true);
    }

    private String submitted(Visibility visibility) {
        String id = world.completeDraft(ALICE, "Acme CRM", TestWorld.apiKeyAuth(), List.of("Contacts"),
                List.of(new Parameter("region", Parameter.Type.DISCOVERY, "Where to write", true, null))).connectorId();
        world.services.submitForReview().submit(ALICE, id, visibility, null, Map.of("apikey", KEY));
        return id;
    }

    private TestRun execute(TestRun started) {
        return testRuns.execute(started.id(), Deadline.after(Duration.ofMinutes(1), world.clock));
    }

    @Test
    void aReviewerOfAnotherCompanyTestsAPublicSubmissionWithTheSubmittersFieldsWithoutSeeingThem() {
        String id = submitted(Visibility.PUBLIC);
        world.scripts.onAuthenticate((source, input) -> KEY.equals(input.account().get("apikey"))
                ? new AuthOutcome(true, "key accepted", null, List.of()) : new AuthOutcome(false, "wrong key", null, List.of()));

        TestRun started = testRuns.start(VERA, id, submittedAuthRun());
        TestRun ended = execute(started);

        assertEquals(TestRunStatus.SUCCEEDED, ended.status());
        assertEquals(true, ended.outcome().authenticated());
        assertEquals("key accepted", ended.outcome().message());
        TestRun read = testRuns.get(VERA, started.id());
        assertTrue(read.settings().submittedCredentials());
        for (Object answer : List.of(started, ended, read)) {
            assertFalse(Json.write(answer).contains(KEY), "the test run record shows no secret");
        }
        assertEquals(started.id(), testRuns.get(ALICE, started.id()).id());
        assertEquals("There is no test run " + started.id() + ".",
                message(NotFoundException.class, () -> testRuns.get(WALT, started.id())));
    }

    @Test
    void aPrivateSubmissionIsNotFoundForReviewersOfOtherCompaniesNorForNonReviewers() {
        String id = submitted(Visibility.PRIVATE);
        String notFound = "Connector " + id + " has no submission you review.";

        assertEquals("There is no connector " + id + ".",
                message(NotFoundException.class, () -> testRuns.start(VERA, id, submittedAuthRun())));
        assertEquals(notFound, message(NotFoundException.class, () -> testRuns.start(BOB, id, submittedAuthRun())));
        assertEquals(notFound, message(NotFoundException.class, () -> testRuns.start(ALICE, id, submittedAuthRun())));
        assertEquals(TestRunStatus.QUEUED, testRuns.start(RITA, id, submittedAuthRun()).status());
    }

    @Test
    void aReviewerGivesNoAccountOfTheirOwnAndTestsOnlyTheSubmittedVersion() {
        String id = submitted(Visibility.PUBLIC);

        assertEquals("useSubmittedCredentials runs with the submitter's test credentials; leave accountId and fields out.",
                message(InvalidInputException.class, () -> testRuns.start(VERA, id,
                        new TestRunRequest("auth", null, null, Map.of("apikey", "mine"), null, null, null, "live", null, true))));
        assertEquals("version: connector " + id + " has v1 submitted, not v2; submitted credentials test only that version.",
                message(InvalidInputException.class, () -> testRuns.start(VERA, id,
                        new TestRunRequest("auth", 2, null, null, null, null, null, "live", null, true))));
    }

    @Test
    void afterApprovalTheSubmittedCredentialsAreGone() {
        String id = submitted(Visibility.PUBLIC);
        world.services.connectors().approve(VERA, id);

        assertEquals("Connector " + id + " has no submission you review.",
                message(NotFoundException.class, () -> testRuns.start(VERA, id, submittedAuthRun())));
    }
}
