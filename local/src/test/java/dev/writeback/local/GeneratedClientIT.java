package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.client.ApiClient;
import dev.writeback.client.ApiException;
import dev.writeback.client.api.AccountsApi;
import dev.writeback.client.api.AgreementApi;
import dev.writeback.client.api.ConnectorsApi;
import dev.writeback.client.api.JobsApi;
import dev.writeback.client.api.RunsApi;
import dev.writeback.client.model.AcceptAgreement;
import dev.writeback.client.model.Account;
import dev.writeback.client.model.Authentication;
import dev.writeback.client.model.AuthenticationRequest;
import dev.writeback.client.model.ConnectAccount;
import dev.writeback.client.model.ConnectorVersion;
import dev.writeback.client.model.CreateConnector;
import dev.writeback.client.model.CustomField;
import dev.writeback.client.model.DomoClientRequest;
import dev.writeback.client.model.Job;
import dev.writeback.client.model.JobRequest;
import dev.writeback.client.model.Parameter;
import dev.writeback.client.model.Run;
import dev.writeback.client.model.SubmitRequest;
import dev.writeback.client.model.UpdateConnector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API description is enough to use the API: a client generated from {@code openapi.yaml} at
 * build time (openapi-generator, Java's own HTTP client, Jackson) registers, publishes, connects,
 * schedules nothing and runs the sample connector against the embedded default, reading only what
 * the description promises.
 */
class GeneratedClientIT {
    private static final Path SAMPLE = Path.of("samples/connectors/file-drop");
    private static LocalPlatform platform;

    @BeforeAll
    static void start() throws IOException {
        platform = LocalPlatform.start(new LocalPlatform.Settings(Files.createTempDirectory("writeback-client-it"),
                Path.of("samples/datasets"), 0, 0, 0));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    /** A client calling as {@code user} of acme with {@code roles}: the local caller headers of the description. */
    private static ApiClient as(String user, String roles) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(platform.api().baseUri().toString());
        client.setRequestInterceptor(request -> request.header("x-writeback-company", "acme")
                .header("x-writeback-user", user).header("x-writeback-roles", roles));
        return client;
    }

    @Test
    void aConnectorIsRegisteredPublishedConnectedAndRunThroughTheGeneratedClient() throws Exception {
        AgreementApi agreement = new AgreementApi(as("alice", "author"));
        String version = agreement.getUserAgreement().getVersion();
        assertEquals(version, agreement.acceptUserAgreement(new AcceptAgreement().version(version)).getVersion());
        ConnectorsApi author = new ConnectorsApi(as("alice", "author"));
        ConnectorVersion draft = author.createConnector(new CreateConnector().name("File Drop Writeback")
                .description("Writes the rows of a Domo DataSet to a File Drop store."));
        String id = draft.getConnectorId();
        assertEquals(ConnectorVersion.StatusEnum.DRAFT, draft.getStatus());

        author.updateConnector(id, new UpdateConnector().reports(List.of("Opened emails", "All events"))
                .parameters(List.of(
                        new Parameter().name("datasetId").type(Parameter.TypeEnum.STRING).required(true)
                                .helpText("The input DataSet's id."),
                        new Parameter().name("fileName").type(Parameter.TypeEnum.STRING).required(false))), null);
        author.putAuthentication(id, new AuthenticationRequest().authentication(new Authentication()
                .type(Authentication.TypeEnum.CUSTOM)
                .fields(List.of(new CustomField().key("baseUrl").label("File Drop URL").password(false),
                        new CustomField().key("apiKey").label("API key").password(true)))));
        author.putDomoClient(id, new DomoClientRequest().clientKey(platform.domoClientId())
                .clientSecret(platform.domoClientSecret()));
        author.putScript(id, "auth", Files.readString(SAMPLE.resolve("auth.js")));
        author.putScript(id, "process", Files.readString(SAMPLE.resolve("process.js")));
        assertEquals(200, putIcon(as("alice", "author"), id, "icon", SAMPLE.resolve("icon.png")));
        assertEquals(List.of(ConnectorVersion.IconsEnum.ICON), author.getConnector(id).getIcons());

        author.submitConnector(id, new SubmitRequest().visibility(SubmitRequest.VisibilityEnum.PRIVATE));
        ConnectorVersion published = new ConnectorsApi(as("rita", "reviewer")).approveConnector(id);
        assertEquals(ConnectorVersion.StatusEnum.PUBLISHED, published.getStatus());

        Account account = new AccountsApi(as("uma", "")).connectAccount(new ConnectAccount().connectorId(id)
                .name("File Drop (local)").fields(Map.of("baseUrl", platform.fileDrop().baseUri().toString(),
                        "apiKey", platform.fileDropKey())));
        assertEquals(Account.StatusEnum.CONNECTED, account.getStatus());

        Job job = new JobsApi(as("uma", "")).createJob(new JobRequest().connectorId(id).accountId(account.getId())
                .name("Opened emails to File Drop").report("Opened emails")
                .parameters(Map.of("datasetId", WritebackCli.SAMPLE_DATASET, "fileName", "client-journey")));

        RunsApi runs = new RunsApi(as("uma", ""));
        Run started = runs.startRun(job.getId(), null);
        Run run = awaitEnd(runs, started.getId(), Duration.ofMinutes(2));
        assertEquals(Run.StatusEnum.SUCCEEDED, run.getStatus(), String.valueOf(run.getError()));
        assertEquals(Long.valueOf(40), run.getRowsRead());
        assertEquals(Long.valueOf(16), run.getRowsWritten());
        assertTrue(runs.getRunLog(run.getId()).contains("16"), "the run's log says what was sent");
        assertEquals(17, Files.readAllLines(platform.fileDrop().file("client-journey.csv")).size(),
                "16 rows and a header reached the File Drop store");
    }

    @Test
    void aProblemIsAnApiExceptionWithTheProblemDocument() {
        ApiException e = assertThrows(ApiException.class,
                () -> new RunsApi(as("uma", "")).getRun("run-000000000000000000000000"));
        assertEquals(404, e.getCode());
        assertTrue(e.getResponseBody().contains("\"detail\":\"There is no run run-000000000000000000000000.\""),
                e.getResponseBody());
    }

    /**
     * {@code PUT /connectors/{id}/icons/{kind}} with the PNG's bytes. openapi-generator's native library serializes
     * every non-text body as JSON, so the documented binary body goes through the generated client's own HTTP client.
     */
    private static int putIcon(ApiClient client, String id, String kind, Path png) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(client.getBaseUri() + "/connectors/" + id + "/icons/" + kind))
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofFile(png));
        client.getRequestInterceptor().accept(request);
        return client.getHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Run awaitEnd(RunsApi runs, String runId, Duration within) throws Exception {
        Instant until = Instant.now().plus(within);
        while (true) {
            Run run = runs.getRun(runId);
            if (run.getStatus() != Run.StatusEnum.QUEUED && run.getStatus() != Run.StatusEnum.RUNNING) {
                return run;
            }
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("run " + runId + " still " + run.getStatus() + " after " + within);
            }
            Thread.sleep(100);
        }
    }
}
