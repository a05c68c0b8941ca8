package dev.writeback.aws.events;

import static dev.writeback.core.testing.TestWorld.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.account.Account;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.job.Job;
import dev.writeback.core.json.Json;
import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunObserver;
import dev.writeback.core.run.RunStatus;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.testing.FakeScriptRunner;
import dev.writeback.core.testing.TestWorld;
import dev.writeback.testing.aws.MotoExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Run events through the real SDK client on moto's EventBridge, as a user would receive them: a rule of their own
 * on the bus (source {@code writeback}) sends them to an SQS queue, which the test reads.
 */
class EventBridgeRunEventsIT {
    @RegisterExtension
    static final MotoExtension AWS = new MotoExtension();
    private static final DataGrid.GridColumn NAME = new DataGrid.GridColumn("name", "STRING");
    private static EventBridgeClient events;
    private static SqsClient sqs;
    private static String queueUrl;

    @BeforeAll
    static void routeTheBusToAQueue() {
        events = AWS.configure(EventBridgeClient.builder()).build();
        sqs = AWS.configure(SqsClient.builder()).build();
        queueUrl = sqs.createQueue(r -> r.queueName("run-events")).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        events.putRule(r -> r.name("writeback-runs").eventBusName("default")
                .eventPattern("{\"source\":[\"writeback\"]}"));
        events.putTargets(r -> r.rule("writeback-runs").eventBusName("default").targets(t -> t.id("queue").arn(queueArn)));
    }

    private static List<JsonNode> received() {
        List<JsonNode> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            for (Message m : batch) {
                all.add(Json.read(m.body(), JsonNode.class));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return all;
    }

    private static Job job(TestWorld world) {
        world.dataPlanes.dataset("ds-1", "Contacts", List.of(), List.of());
        ConnectorVersion connector = world.publishedApiKeyConnector();
        Account account = world.apiKeyAccount(BOB, connector.connectorId());
        return world.job(BOB, connector, account, null);
    }

    @Test
    void eachStatusChangeOfARunReachesTheUsersRuleWithTheRunSummary() {
        TestWorld world = new TestWorld(b -> b.runEvents(new EventBridgeRunEvents(events, "default")));
        Job job = job(world);
        world.scripts.onProcess((s, i) -> FakeScriptRunner.succeeded(new DataGrid(List.of(NAME),
                List.of(List.of("Ann"), List.of("Bob")), false)));
        Run succeeded = world.services.runs().runNow(BOB, job.id(), null).run();
        world.scripts.onProcess((s, i) -> FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.RUNTIME,
                "the target said 401", "process.js", 4, 2, null), List.of()));
        Run failed = world.services.runs().runNow(BOB, job.id(), null).run();

        List<JsonNode> got = received();

        assertEquals(List.of("Run Queued " + succeeded.id(), "Run Started " + succeeded.id(), "Run Succeeded " + succeeded.id(),
                "Run Queued " + failed.id(), "Run Started " + failed.id(), "Run Failed " + failed.id()),
                got.stream().map(e -> e.path("detail-type").asText() + " " + e.path("detail").path("runId").asText()).toList());
        assertTrue(got.stream().allMatch(e -> e.path("source").asText().equals("writeback")));
        JsonNode done = got.get(2).path("detail");
        assertEquals("SUCCEEDED", done.path("status").asText());
        assertEquals(2, done.path("rowsWritten").asInt());
        assertEquals(job.id(), done.path("jobId").asText());
        assertEquals("HTTP", done.path("trigger").asText());
        JsonNode error = got.get(5).path("detail").path("error");
        assertEquals("the target said 401", error.path("message").asText());
        assertEquals(4, error.path("line").asInt());
    }

    @Test
    void aBusThatCannotBeReachedDoesNotFailTheRun() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        EventBridgeClient unreachable = AWS.configure(EventBridgeClient.builder())
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort)).build();
        List<String> counted = new ArrayList<>();
        TestWorld world = new TestWorld(b -> b.runEvents(new EventBridgeRunEvents(unreachable, "default"))
                .runObserver(new RunObserver() {
                    @Override
                    public void eventNotPublished(Run run, String publisher) {
                        counted.add(run.status() + " " + publisher);
                    }
                }));
        Job job = job(world);
        world.scripts.onProcess((s, i) -> FakeScriptRunner.succeeded(DataGrid.empty()));

        Run run = world.services.runs().runNow(BOB, job.id(), null).run();

        assertEquals(RunStatus.SUCCEEDED, world.services.runs().get(BOB, run.id()).status());
        assertEquals(List.of("QUEUED EventBridgeRunEvents", "RUNNING EventBridgeRunEvents", "SUCCEEDED EventBridgeRunEvents"),
                counted);
    }
}
