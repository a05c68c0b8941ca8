package dev.writeback.aws.email;

import static dev.writeback.core.testing.TestWorld.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.account.Account;
import dev.writeback.core.alert.AlertKind;
import dev.writeback.core.alert.AlertRule;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobService.JobRequest;
import dev.writeback.core.run.RunStatus;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.testing.FakeScriptRunner;
import dev.writeback.core.testing.TestWorld;
import dev.writeback.testing.aws.MotoExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;

/**
 * Alert emails through the real SESv2 client on moto: an incident's alert and its recovery are two messages sent, as
 * SES counts them (its send quota's "sent in the last 24 hours"); a sender that is not a verified identity is refused.
 */
class SesAlertEmailIT {
    @RegisterExtension
    static final MotoExtension AWS = new MotoExtension();
    private static final String SENDER = "alerts@writeback.example.com";
    private static SesV2Client ses;

    @BeforeAll
    static void verifyTheSender() {
        ses = AWS.configure(SesV2Client.builder()).build();
        ses.createEmailIdentity(r -> r.emailIdentity(SENDER));
    }

    private static double sentByMoto() {
        try (SesClient v1 = AWS.configure(SesClient.builder()).build()) {
            return v1.getSendQuota().sentLast24Hours();
        }
    }

    @Test
    void aFailingJobSendsOneAlertAndOneRecovery() {
        TestWorld world = new TestWorld(b -> b.alertWebhook((url, text) -> {
            throw new AssertionError("no webhook in this job");
        }).alertEmail(new SesAlertEmail(ses, SENDER)));
        world.dataPlanes.dataset("ds-1", "Contacts", List.of(), List.of());
        ConnectorVersion connector = world.publishedApiKeyConnector();
        Account account = world.apiKeyAccount(BOB, connector.connectorId());
        Job job = world.job(BOB, connector, account, null);
        world.services.jobs().update(BOB, job.id(), new JobRequest(null, null, null, null, null, null, null, null, null, null,
                List.of(new AlertRule(AlertKind.CONSECUTIVE_FAILURES, 2, null, null, List.of("ops@example.com"))), null));
        double before = sentByMoto();

        world.scripts.onProcess((s, i) -> FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.RUNTIME, "the target said 401",
                "process.js", 4, 2, null), List.of()));
        for (int i = 0; i < 4; i++) {
            assertEquals(RunStatus.FAILED, world.services.runs().runNow(BOB, job.id(), null).run().status());
        }
        assertEquals(before + 1, sentByMoto(), "the second failure in a row opened the incident; the others sent nothing");

        world.scripts.onProcess((s, i) -> FakeScriptRunner.succeeded(DataGrid.empty()));
        world.services.runs().runNow(BOB, job.id(), null);
        world.services.runs().runNow(BOB, job.id(), null);
        assertEquals(before + 2, sentByMoto(), "one recovery");
    }

    @Test
    void aSenderThatIsNotAVerifiedIdentityIsRefusedBySes() {
        SesAlertEmail unverified = new SesAlertEmail(ses, "someone-else@writeback.example.com");

        assertThrows(MessageRejectedException.class, () -> unverified.send(List.of("ops@example.com"), "subject", "text"));
    }
}
