package dev.writeback.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.api.CallerResolver;
import dev.writeback.aws.dynamo.DynamoDocumentTable;
import dev.writeback.aws.s3.S3BlobStore;
import dev.writeback.aws.secrets.SecretsManagerVault;
import dev.writeback.core.IdGenerator;
import dev.writeback.core.Services;
import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountCredentials;
import dev.writeback.core.account.AccountStatus;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobScheduler;
import dev.writeback.domo.DomoDatasetAccess;
import dev.writeback.domo.DomoTokenVerifier;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.domo.standin.DomoStandin;
import dev.writeback.domo.standin.StandinDataset;
import dev.writeback.registration.Gateway.Reply;
import dev.writeback.registration.Gateway.User;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.testing.aws.DynaliteExtension;
import dev.writeback.testing.aws.MotoExtension;
import dev.writeback.testing.aws.S3ProxyExtension;
import dev.writeback.testing.openapi.OpenApiContract;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The author's and the reviewer's journeys through the registration function, driven with the
 * events API Gateway would deliver (JWT claims), over the real stores: DynamoDB (dynalite), S3
 * (S3Proxy), Secrets Manager (moto), Domo's token endpoint (the Domo
 * stand-in) and the GraalJS script runner.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistrationJourneyIT {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = new DynaliteExtension();
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();
    @RegisterExtension
    static final MotoExtension AWS = new MotoExtension();

    static final String BLOB_PREFIX = "it/";
    static final String SECRET_PREFIX = "writeback/it/";
    static final String DOMO_KEY = "acme-domo-client";
    static final String DOMO_SECRET = "domo-secret-5f1e2d";
    static final String GLOBEX_DOMO_KEY = "globex-domo-client";
    static final String GLOBEX_DOMO_SECRET = "globex-domo-secret-77ab";
    static final String OAUTH_SECRET = "oauth-secret-9a8b7c";
    static final String API_KEY = "key-123";

    static final User ALICE = new User("acme", "alice", "AUTHOR");
    static final User BOB = new User("acme", "bob", "AUTHOR");
    static final User RITA = new User("acme", "rita", "REVIEWER");
    static final User ADA = new User("acme", "ada", "AUTHOR REVIEWER");
    static final User CARL = new User("acme", "carl", "");
    static final User GUS = new User("globex", "gus", "AUTHOR");
    static final User VERA = new User("globex", "vera", "REVIEWER");

    static final String AUTH_JS = """
            if (metadata.account.apikey === 'key-123') {
              auth.authenticationSuccess();
            } else {
              auth.authenticationFailed('The API key was refused.');
            }
            """;
    static final String PROCESS_JS = "var data = DOMO.getDataset(metadata.parameters.datasetId).queryData('select * from tbl');\n";

    static DomoStandin domo;
    static final String TEST_ACCESS_TOKEN = "review-access-token-4f2a";
    static GraalScriptRunner scripts;
    static Services services;
    static Gateway api;
    static final List<String> scheduled = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        DynamoDocumentTable.createTable(DYNAMO.client(), DYNAMO.tableName());
        Path contacts;
        try {
            contacts = Files.createTempFile("journey-contacts", ".csv");
            Files.writeString(contacts, "Ann\nBob\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        domo = DomoStandin.builder().client(DOMO_KEY, DOMO_SECRET, "data")
                .client(GLOBEX_DOMO_KEY, GLOBEX_DOMO_SECRET, "data")
                .dataset(StandinDataset.of("ds-1", "Contacts", List.of(new StandinDataset.StandinColumn("name", "STRING")), contacts))
                .start();
        scripts = GraalScriptRunner.create();
        Clock clock = Clock.systemUTC();
        services = Services.builder()
                .table(new DynamoDocumentTable(DYNAMO.client(), DYNAMO.tableName()))
                .blobs(new S3BlobStore(S3.client(), S3.bucket(), BLOB_PREFIX))
                .vault(new SecretsManagerVault(AWS.secretsManager(), SECRET_PREFIX))
                .scripts(scripts)
                .domoVerifier(new DomoTokenVerifier(domo.baseUri(), HttpClient.newHttpClient(), clock, RetryPolicy.defaults()))
                .scheduler(new JobScheduler() {
                    @Override
                    public void schedule(Job job) {
                        scheduled.add(job.id());
                    }

                    @Override
                    public void unschedule(String jobId) {
                        scheduled.remove(jobId);
                    }
                })
                .datasetAccess(new DomoDatasetAccess(domo.baseUri(), HttpClient.newHttpClient(), clock, RetryPolicy.defaults()))
                .clock(clock)
                .domoBaseUrl(domo.baseUri().toString())
                .build();
        RegistrationHandler handler = new RegistrationHandler(RegistrationWiring.of(services, CallerResolver.fromJwtClaims()));
        api = new Gateway(handler, handler.api().routes(), List.of(DOMO_SECRET, OAUTH_SECRET, API_KEY, GLOBEX_DOMO_SECRET,
                TEST_ACCESS_TOKEN));
        for (User author : List.of(ALICE, BOB, ADA, GUS)) {
            acceptAgreement(author);
        }
    }

    /** The author accepts the current user agreement, as every author does before creating connectors. */
    static void acceptAgreement(User author) {
        String version = api.get(author, "/user-agreement").json().path("version").asText();
        Reply accepted = api.json(author, "POST", "/user-agreement/acceptance", Map.of("version", version));
        assertEquals(201, accepted.status(), accepted.text());
    }

    /** Last: what the description promises a client, the journey saw sent (each answer's check saw nothing else). */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyDocumentedPropertyOfWhatTheJourneyReadWasSent() {
        for (String schema : List.of("ConnectorVersion", "Connector", "ConnectorPage", "Review", "DomoClient",
                "Authentication", "OAuthSettings", "Parameter", "Job", "Schedule", "RetryPolicy", "Problem", "ScriptProblem",
                "UserAgreement", "AgreementAcceptance", "VersionSummary", "VersionSummaryPage", "Submission", "SubmissionPage",
                "ScriptApi", "ScriptApiObject", "ScriptApiMember")) {
            Set<String> unseen = new TreeSet<>(OpenApiContract.repository().unseen(schema));
            if (schema.equals("Job")) {
                unseen.remove("lastSuccessfulRunStartedAt"); // set by a successful run: DomoFidelityIT reads it over HTTP
            }
            assertEquals(Set.of(), unseen, schema + ": documented, never sent");
        }
    }

    @AfterAll
    static void stop() {
        if (scripts != null) {
            scripts.close();
        }
        if (domo != null) {
            domo.close();
        }
    }

    // ---- the author's journey

    @Test
    void anAuthorTakesAConnectorFromNameToPublishedAndEveryPartLandsInItsStore() throws IOException {
        Reply created = api.json(ALICE, "POST", "/connectors", Map.of("name", "Acme CRM", "description", "Writes contacts back"));
        assertEquals(201, created.status(), created.text());
        String id = created.json().path("connectorId").asText();
        assertEquals("/connectors/" + id, created.header("location"));
        assertEquals("DRAFT", created.json().path("status").asText());
        assertEquals(1, created.json().path("version").asInt());
        assertEquals("acme", created.json().path("companyId").asText());
        assertEquals("\"" + created.json().path("revision").asLong() + "\"", created.header("etag"));

        // icons: each kind at its size, checked by the bytes, not the declared type
        Map<String, int[]> kinds = Map.of("icon", new int[] {512, 512}, "icon-no-background", new int[] {512, 512},
                "logo", new int[] {512, 512}, "banner", new int[] {1024, 512});
        for (Map.Entry<String, int[]> k : kinds.entrySet()) {
            Reply put = api.bytes(ALICE, "PUT", "/connectors/" + id + "/icons/" + k.getKey(), "application/octet-stream",
                    png(k.getValue()[0], k.getValue()[1]));
            assertEquals(200, put.status(), put.text());
        }
        assertEquals(List.of("BANNER", "ICON", "ICON_NO_BACKGROUND", "LOGO"),
                sorted(api.get(ALICE, "/connectors/" + id).json().path("icons")));
        Reply icon = api.get(ALICE, "/connectors/" + id + "/icons/banner");
        assertEquals(200, icon.status());
        assertEquals("image/png", icon.header("content-type"));
        assertArrayEquals(png(1024, 512), icon.body());
        assertArrayEquals(png(1024, 512), stored(id, 1, "banner.png"));

        // Domo client: verified against Domo's token endpoint; the secret goes to Secrets Manager only
        Reply refused = api.json(ALICE, "PUT", "/connectors/" + id + "/domo-client",
                Map.of("clientKey", DOMO_KEY, "clientSecret", "wrong-secret"));
        assertEquals(422, refused.status(), refused.text());
        assertTrue(refused.detail().startsWith("Domo refused the client credentials: "), refused.detail());
        Reply domoSet = api.json(ALICE, "PUT", "/connectors/" + id + "/domo-client",
                Map.of("clientKey", DOMO_KEY, "clientSecret", DOMO_SECRET));
        assertEquals(200, domoSet.status(), domoSet.text());
        assertEquals(DOMO_KEY, domoSet.json().path("domo").path("clientKey").asText());
        assertEquals(DOMO_SECRET, secret("connectors/" + id + "/v1/domo-client-secret"));

        // OAuth 2.0 with every field; the client secret is stored, never shown
        Map<String, Object> oauth = Map.of("grant", "AUTHORIZATION_CODE",
                "authorizationUrl", "https://auth.example.com/authorize", "tokenUrl", "https://auth.example.com/token",
                "refreshUrl", "https://auth.example.com/refresh", "clientId", "client-1", "scopes", List.of("read", "write"),
                "authorizationParameters", Map.of("prompt", "consent"), "tokenParameters", Map.of("audience", "crm"),
                "clientAuth", "BODY", "pkce", true);
        Reply auth = api.json(ALICE, "PUT", "/connectors/" + id + "/authentication",
                Map.of("authentication", Map.of("type", "OAUTH2", "oauth", oauth), "clientSecret", OAUTH_SECRET));
        assertEquals(200, auth.status(), auth.text());
        JsonNode storedOauth = auth.json().path("authentication");
        assertEquals("OAUTH2", storedOauth.path("type").asText());
        assertTrue(storedOauth.path("clientSecretSet").asBoolean());
        assertEquals("https://auth.example.com/refresh", storedOauth.path("oauth").path("refreshUrl").asText());
        assertEquals("BODY", storedOauth.path("oauth").path("clientAuth").asText());
        assertEquals("consent", storedOauth.path("oauth").path("authorizationParameters").path("prompt").asText());
        assertEquals("crm", storedOauth.path("oauth").path("tokenParameters").path("audience").asText());
        assertEquals(List.of("read", "write"), list(storedOauth.path("oauth").path("scopes")));
        assertEquals(OAUTH_SECRET, secret("connectors/" + id + "/v1/oauth-client-secret"));

        // reports and the four parameter types
        List<Map<String, Object>> parameters = List.of(
                Map.of("name", "datasetId", "type", "STRING", "helpText", "The input DataSet", "required", true),
                Map.of("name", "batchSize", "type", "INTEGER", "required", false),
                Map.of("name", "region", "type", "DROPDOWN", "options", List.of("EU", "US"), "required", true),
                Map.of("name", "since", "type", "DATE", "helpText", "Rows changed since"));
        Reply described = api.json(ALICE, "PATCH", "/connectors/" + id,
                Map.of("reports", List.of("Contacts", "Deals"), "parameters", parameters));
        assertEquals(200, described.status(), described.text());
        assertEquals(List.of("Contacts", "Deals"), list(described.json().path("reports")));
        JsonNode params = described.json().path("parameters");
        assertEquals("The input DataSet", params.get(0).path("helpText").asText());
        assertTrue(params.get(0).path("required").asBoolean());
        assertEquals("INTEGER", params.get(1).path("type").asText());
        assertEquals(List.of("EU", "US"), list(params.get(2).path("options")));
        assertEquals("DATE", params.get(3).path("type").asText());

        // scripts: syntax-checked on save, stored per version in S3
        Reply broken = api.bytes(ALICE, "PUT", "/connectors/" + id + "/scripts/process", "application/javascript",
                "var ok = 1;\nvar broken = ;\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(422, broken.status(), broken.text());
        assertEquals("process.js", broken.json().path("script").asText());
        assertEquals(2, broken.json().path("line").asInt());
        assertEquals(14, broken.json().path("column").asInt(), "the ';' where an operand belongs");
        assertTrue(broken.detail().startsWith("process.js:2:14: SyntaxError"), broken.detail());
        assertEquals(404, api.get(ALICE, "/connectors/" + id + "/scripts/process").status(), "a refused script is not stored");
        assertEquals(200, api.bytes(ALICE, "PUT", "/connectors/" + id + "/scripts/auth", "application/javascript",
                AUTH_JS.getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(200, api.bytes(ALICE, "PUT", "/connectors/" + id + "/scripts/process", "application/javascript",
                PROCESS_JS.getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(PROCESS_JS, api.get(ALICE, "/connectors/" + id + "/scripts/process").text());
        assertEquals(AUTH_JS, new String(stored(id, 1, "auth.js"), StandardCharsets.UTF_8));

        // publishing: an OAuth 2.0 connector goes with a test account for the reviewers
        Reply noTestAccount = api.json(ALICE, "POST", "/connectors/" + id + "/submit", Map.of("visibility", "PUBLIC"));
        assertEquals(400, noTestAccount.status(), noTestAccount.text());
        assertTrue(noTestAccount.detail().startsWith("testAccountId is required: connector " + id + " uses OAuth 2.0"),
                noTestAccount.detail());
        String testAccount = oauthTestAccount(ALICE, id);
        Reply submitted = api.json(ALICE, "POST", "/connectors/" + id + "/submit",
                Map.of("visibility", "PUBLIC", "testAccountId", testAccount));
        assertEquals(200, submitted.status(), submitted.text());
        assertEquals("SUBMITTED", submitted.json().path("status").asText());
        assertEquals("alice", submitted.json().path("submittedBy").asText());
        assertEquals("account", submitted.json().path("testCredentials").asText());
        assertTrue(secret("connectors/" + id + "/v1/test-credentials").contains(testAccount));
        Reply readOnly = api.json(ALICE, "PATCH", "/connectors/" + id, Map.of("description", "late change"));
        assertEquals(409, readOnly.status());
        assertEquals("Connector " + id + " is submitted for review and read-only; withdraw it to edit.", readOnly.detail());

        Reply approved = api.json(VERA, "POST", "/connectors/" + id + "/approve", Map.of());
        assertEquals(200, approved.status(), approved.text());
        assertEquals("PUBLISHED", approved.json().path("status").asText());
        assertEquals("vera", approved.json().path("review").path("reviewerId").asText());
        assertTrue(approved.json().path("testCredentials").isMissingNode());
        assertTrue(services.vault().get("connectors/" + id + "/v1/test-credentials").isEmpty(),
                "the test account reference is gone once the version is decided on");
        assertEquals("Acme CRM", api.get(GUS, "/connectors/" + id).json().path("name").asText());

        // the single table holds the root, the version and the public listing entry
        assertEquals(List.of("PUBLIC", "ROOT", "VERSION#000001"), sortKeys("CONNECTOR#" + id));
        Map<String, AttributeValue> listed = item("CONNECTOR#" + id, "PUBLIC");
        assertEquals("CONNECTORS#PUBLIC", listed.get("gsi1pk").s());
        assertEquals("acme crm#" + id, listed.get("gsi1sk").s());
    }

    @Test
    void badInputIsAClearProblemNeverAServerError() {
        String id = created(ALICE, "Bad input");
        Reply badEnum = api.json(ALICE, "PUT", "/connectors/" + id + "/authentication",
                "{\"authentication\":{\"type\":\"FOO\"}}");
        assertEquals(400, badEnum.status());
        assertEquals("application/problem+json", badEnum.header("content-type"));
        assertEquals("Field authentication.type must be one of NONE, USERNAME_PASSWORD, API_KEY, OAUTH2, CUSTOM; got 'FOO'.",
                badEnum.detail());
        Reply badType = api.json(ALICE, "PATCH", "/connectors/" + id, "{\"parameters\":[{\"name\":\"n\",\"type\":\"TEXTAREA\"}]}");
        assertEquals("Field parameters[0].type must be one of STRING, TEXT, INTEGER, DROPDOWN, DATE, DISCOVERY; got 'TEXTAREA'.", badType.detail());
        JsonNode discovered = api.json(ALICE, "PATCH", "/connectors/" + id, Map.of("parameters", List.of(
                Map.of("name", "notes", "type", "TEXT"),
                Map.of("name", "sites", "type", "DISCOVERY", "discovery", "TREE")))).json().path("parameters");
        assertEquals("TEXT", discovered.get(0).path("type").asText());
        assertEquals("TREE", discovered.get(1).path("discovery").asText(), "a discovery parameter says how it is chosen");
        assertEquals("Only DISCOVERY parameters have a discovery mode; 'n' is STRING.",
                api.json(ALICE, "PATCH", "/connectors/" + id, Map.of("parameters", List.of(
                        Map.of("name", "n", "type", "STRING", "discovery", "TREE")))).detail());
        assertEquals("Field reports must be a list; got a string.",
                api.json(ALICE, "PATCH", "/connectors/" + id, "{\"reports\":\"Contacts\"}").detail());
        assertEquals("Field saveDatabaseBetweenRuns must be true or false; got 'yes'.",
                api.json(ALICE, "PATCH", "/connectors/" + id, "{\"saveDatabaseBetweenRuns\":\"yes\"}").detail());
        assertTrue(api.json(ALICE, "PATCH", "/connectors/" + id, Map.of("saveDatabaseBetweenRuns", true)).json()
                .path("saveDatabaseBetweenRuns").asBoolean());
        Reply notJson = api.json(ALICE, "POST", "/connectors", "{name: 1}");
        assertEquals(400, notJson.status());
        assertTrue(notJson.detail().startsWith("The request body is not valid JSON for this operation: "), notJson.detail());

        Reply notPng = api.bytes(ALICE, "PUT", "/connectors/" + id + "/icons/icon", "image/png",
                "GIF89a not a png at all".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notPng.status());
        assertEquals("The icon is not a PNG image (its first bytes are not a PNG signature).", notPng.detail());
        Reply wrongSize = api.bytes(ALICE, "PUT", "/connectors/" + id + "/icons/banner", "image/png", png(512, 512));
        assertEquals("The banner must be 1024×512 pixels; this PNG is 512×512.", wrongSize.detail());
        Reply tooBig = api.bytes(ALICE, "PUT", "/connectors/" + id + "/icons/icon", "image/png", new byte[1024 * 1024 + 1]);
        assertEquals("The icon is 1048577 bytes; the limit is 1048576 bytes (1 MiB).", tooBig.detail());
        assertEquals("Unknown icon kind 'favicon'; use one of icon, icon-no-background, logo, banner.",
                api.bytes(ALICE, "PUT", "/connectors/" + id + "/icons/favicon", "image/png", png(512, 512)).detail());
        assertEquals("Unknown script 'setup'; use auth, process or discovery.",
                api.bytes(ALICE, "PUT", "/connectors/" + id + "/scripts/setup", "application/javascript",
                        "1;".getBytes(StandardCharsets.UTF_8)).detail());
        assertEquals("Dropdown parameter 'region' needs at least one option.", api.json(ALICE, "PATCH", "/connectors/" + id,
                Map.of("parameters", List.of(Map.of("name", "region", "type", "DROPDOWN")))).detail());
        assertEquals("tokenUrl must be an absolute https URL; got 'ftp://x'.", api.json(ALICE, "PUT",
                "/connectors/" + id + "/authentication", Map.of("authentication", Map.of("type", "OAUTH2",
                        "oauth", Map.of("tokenUrl", "ftp://x", "authorizationUrl", "https://a.example.com", "clientId", "c")))).detail());
        Reply metadataTokenUrl = api.json(ALICE, "PUT", "/connectors/" + id + "/authentication", Map.of("authentication",
                Map.of("type", "OAUTH2", "oauth", Map.of("tokenUrl", "https://169.254.169.254/token",
                        "authorizationUrl", "https://a.example.com", "clientId", "c"))));
        assertEquals(400, metadataTokenUrl.status(), metadataTokenUrl.text());
        assertEquals("tokenUrl points to 169.254.169.254, a link-local (cloud metadata) address; OAuth URLs must be on "
                + "public internet hosts.", metadataTokenUrl.detail());
        assertEquals("authorizationUrl must be an absolute https URL; got 'http://auth.example/authorize'.", api.json(ALICE,
                "PUT", "/connectors/" + id + "/authentication", Map.of("authentication", Map.of("type", "OAUTH2", "oauth",
                        Map.of("tokenUrl", "https://a.example.com/token", "authorizationUrl",
                                "http://auth.example/authorize", "clientId", "c")))).detail());
        assertEquals("scope must be 'company' or 'public', not 'all'.", api.get(ALICE, "/connectors?scope=all").detail());
        assertEquals("Query parameter limit must be a whole number, not 'ten'.", api.get(ALICE, "/connectors?limit=ten").detail());
        assertEquals("A version is a whole number, not 'latest'.", api.get(ALICE, "/connectors/" + id + "/versions/latest").detail());
        assertEquals("If-Match must be the ETag of the connector as read, e.g. \"3\".", api.json(ALICE, "PATCH",
                "/connectors/" + id, Map.of("name", "x"), Map.of("If-Match", "yesterday")).detail());
        Reply noClaims = api.send(new User("", "", ""), "GET", "/connectors", Map.of(), null, null);
        assertEquals(401, noClaims.status(), noClaims.text());
    }

    @Test
    void inputOfTheWrongTypeOrEncodingIsRefusedNamingTheFieldNeverCoerced() {
        int before = ids(api.get(ALICE, "/connectors?limit=100").json()).size();
        Reply number = api.json(ALICE, "POST", "/connectors", "{\"name\":123}");
        assertEquals(400, number.status(), number.text());
        assertEquals("application/problem+json", number.header("content-type"));
        assertEquals("Field name must be a string; got a number.", number.detail());
        byte[] latin1 = "{\"name\":\"Caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        Reply replaced = api.bytes(ALICE, "POST", "/connectors", "application/json", latin1);
        assertEquals(400, replaced.status(), replaced.text());
        assertTrue(replaced.detail().startsWith("The request body holds U+FFFD, the replacement character, at character 12: "
                + "it was not valid UTF-8 when it reached the API."), replaced.detail());
        Reply binary = api.bytes(ALICE, "POST", "/connectors", "application/octet-stream", latin1);
        assertEquals(400, binary.status(), binary.text());
        assertEquals("The request body is not valid UTF-8 (Input length = 1); send text encoded as UTF-8.", binary.detail());
        assertEquals(before, ids(api.get(ALICE, "/connectors?limit=100").json()).size(), "nothing stored");

        String id = created(ALICE, "Strict " + System.nanoTime());
        Reply reports = api.json(ALICE, "PATCH", "/connectors/" + id, "{\"reports\":[\"Contacts\",2]}");
        assertEquals(400, reports.status(), reports.text());
        assertEquals("Field reports[1] must be a string; got a number.", reports.detail());
        Reply required = api.json(ALICE, "PATCH", "/connectors/" + id, "{\"parameters\":[{\"name\":\"n\",\"required\":\"yes\"}]}");
        assertEquals("Field parameters[0].required must be true or false; got 'yes'.", required.detail());
        assertEquals(0, api.get(ALICE, "/connectors/" + id).json().path("reports").size());
    }

    @Test
    void everyStringAndListHasALimitNamedInA4xxBeforeAnythingIsStored() {
        int before = ids(api.get(ALICE, "/connectors?limit=100").json()).size();
        Reply huge = api.json(ALICE, "POST", "/connectors", Map.of("name", "Huge", "description", "d".repeat(5 * 1024 * 1024)));
        assertEquals(413, huge.status(), huge.text());
        assertEquals("application/problem+json", huge.header("content-type"));
        assertEquals("The request body is 5242912 bytes; request bodies are limited to 2097152 bytes.", huge.detail());
        Reply longer = api.json(ALICE, "POST", "/connectors", Map.of("name", "Long", "description", "d".repeat(100_000)));
        assertEquals(400, longer.status(), longer.text());
        assertEquals("A connector description is at most 4096 bytes (UTF-8); this one is 100000.", longer.detail());
        assertEquals(before, ids(api.get(ALICE, "/connectors?limit=100").json()).size(), "nothing stored");

        String draft = created(ALICE, "Limits " + System.nanoTime());
        Reply manyReports = api.json(ALICE, "PATCH", "/connectors/" + draft, Map.of("reports",
                IntStream.range(0, 51).mapToObj(i -> "r" + i).toList()));
        assertEquals(400, manyReports.status(), manyReports.text());
        assertEquals("reports has at most 50 entries; this one has 51.", manyReports.detail());

        String id = published(ALICE, "Job limits " + System.nanoTime(), "PRIVATE", RITA);
        Reply account = api.json(ALICE, "POST", "/accounts", Map.of("connectorId", id, "fields", Map.of("apikey", API_KEY)));
        assertEquals(201, account.status(), account.text());
        String accountId = account.json().path("id").asText();
        int jobsBefore = ids(api.get(ALICE, "/jobs?limit=100").json()).size();
        for (int length : new int[] {100_000, 450 * 1024}) {
            Reply named = api.json(ALICE, "POST", "/jobs", Map.of("connectorId", id, "accountId", accountId,
                    "name", "n".repeat(length), "report", "Contacts", "parameters", Map.of("datasetId", "ds-1")));
            assertEquals(400, named.status(), named.text());
            assertEquals("A job name has at most 100 characters; this one has " + length + ".", named.detail());
        }
        Reply value = api.json(ALICE, "POST", "/jobs", Map.of("connectorId", id, "accountId", accountId,
                "report", "Contacts", "parameters", Map.of("datasetId", "d".repeat(1025))));
        assertEquals("parameters.datasetId has at most 1024 characters; this one has 1025.", value.detail());
        assertEquals(jobsBefore, ids(api.get(ALICE, "/jobs?limit=100").json()).size(), "nothing stored");
    }

    @Test
    void typedParametersAndSchedulesAreCheckedAsDomoAndEventBridgeDefineThem() {
        String id = complete(ALICE, "Typed " + System.nanoTime());
        ok(api.json(ALICE, "PATCH", "/connectors/" + id, Map.of("parameters", List.of(
                Map.of("name", "datasetId", "type", "STRING", "required", true),
                Map.of("name", "limit", "type", "INTEGER"),
                Map.of("name", "since", "type", "DATE"),
                Map.of("name", "region", "type", "DROPDOWN", "options", List.of("EU", "US"))))));
        submit(ALICE, id, "PRIVATE");
        ok(api.json(RITA, "POST", "/connectors/" + id + "/approve", Map.of()));
        Reply account = api.json(ALICE, "POST", "/accounts", Map.of("connectorId", id, "fields", Map.of("apikey", API_KEY)));
        String accountId = account.json().path("id").asText();
        for (String bad : List.of("12abc", "1e999999", "NaN", "Infinity")) {
            Reply r = api.json(ALICE, "POST", "/jobs", Map.of("connectorId", id, "accountId", accountId, "report", "Contacts",
                    "parameters", Map.of("datasetId", "ds-1", "limit", bad)));
            assertEquals(400, r.status(), r.text());
            assertEquals("Invalid parameters: limit must be a number, not '" + bad + "'.", r.detail());
        }
        Reply number = api.json(ALICE, "POST", "/jobs", "{\"connectorId\":\"" + id + "\",\"accountId\":\"" + accountId
                + "\",\"report\":\"Contacts\",\"parameters\":{\"datasetId\":\"ds-1\",\"limit\":1e999999}}");
        assertEquals(400, number.status(), number.text());
        assertEquals("Field parameters.limit must be a string; got a number.", number.detail());
        Reply region = api.json(ALICE, "POST", "/jobs", Map.of("connectorId", id, "accountId", accountId, "report", "Contacts",
                "parameters", Map.of("datasetId", "ds-1", "region", "APAC", "since", "2025-02-30")));
        assertEquals(400, region.status(), region.text());
        assertTrue(region.detail().contains("region must be one of EU, US, not 'APAC'"), region.detail());
        assertTrue(region.detail().contains("not '2025-02-30'"), region.detail());

        for (Map.Entry<String, String> bad : Map.of(
                "rate(99999999999999999999 minutes)", "'rate(99999999999999999999 minutes)' is longer than the longest rate, one"
                        + " year: rate(525600 minutes), rate(8760 hours) or rate(365 days).",
                "cron(0/99999 * * * ? *)", "The increment /99999 in the minutes field of 'cron(0/99999 * * * ? *)' is out of"
                        + " range: increments go from 1 to 59.").entrySet()) {
            Reply r = api.json(ALICE, "POST", "/jobs", Map.of("connectorId", id, "accountId", accountId, "report", "Contacts",
                    "parameters", Map.of("datasetId", "ds-1"), "schedule", Map.of("expression", bad.getKey())));
            assertEquals(400, r.status(), r.text());
            assertEquals(bad.getValue(), r.detail());
        }

        Reply job = api.json(ALICE, "POST", "/jobs", Map.of("connectorId", id, "accountId", accountId, "report", "Contacts",
                "parameters", Map.of("datasetId", "ds-1", "limit", "1.5", "region", "EU", "since", "last 7 days")));
        assertEquals(201, job.status(), job.text());
        assertEquals("1.5", job.json().path("parameters").path("limit").asText());

        Reply nightly = api.json(ALICE, "POST", "/jobs", Map.of("connectorId", id, "accountId", accountId, "report", "Contacts",
                "parameters", Map.of("datasetId", "ds-1"), "days", 7, "schedule",
                Map.of("expression", "cron(0 6 * * ? *)", "timezone", "Europe/Paris")));
        assertEquals(201, nightly.status(), nightly.text());
        assertEquals(7, nightly.json().path("days").asInt(), "the job's last-X-days setting");
        assertEquals("cron(0 6 * * ? *)", nightly.json().path("schedule").path("expression").asText());
        assertEquals("Europe/Paris", nightly.json().path("schedule").path("timezone").asText());
        assertTrue(scheduled.contains(nightly.json().path("id").asText()), "the job's schedule was created");
    }

    @Test
    void anOversizedDomoClientIsABadRequestBeforeDomoIsAskedAndARefusalIsA4xx() {
        String id = created(ALICE, "Domo sizes " + System.nanoTime());
        long started = System.nanoTime();
        Reply huge = api.json(ALICE, "PUT", "/connectors/" + id + "/domo-client",
                Map.of("clientKey", "k".repeat(1024 * 1024), "clientSecret", DOMO_SECRET));
        assertEquals(400, huge.status(), huge.text());
        assertEquals("The Domo API client.clientKey has at most 128 characters; this one has 1048576.", huge.detail());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "answered at once, not after retries");
        Reply refused = api.json(ALICE, "PUT", "/connectors/" + id + "/domo-client",
                Map.of("clientKey", "unknown-client", "clientSecret", "wrong"));
        assertEquals(422, refused.status(), refused.text());
        assertTrue(refused.detail().startsWith("Domo refused the client credentials"), refused.detail());
        assertTrue(api.get(ALICE, "/connectors/" + id).json().path("domo").isMissingNode());
    }

    // ---- concurrency

    @Test
    void twoEditsFromTheSameRevisionLeaveOneWinnerAndOneConflict() throws Exception {
        String id = created(ALICE, "Contested");
        String etag = api.get(ALICE, "/connectors/" + id).header("etag");

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Reply>> edits = List.of(
                    () -> { go.await(); return api.json(ALICE, "PATCH", "/connectors/" + id, Map.of("description", "Alice's"), Map.of("If-Match", etag)); },
                    () -> { go.await(); return api.json(BOB, "PATCH", "/connectors/" + id, Map.of("description", "Bob's"), Map.of("If-Match", etag)); });
            List<Future<Reply>> futures = edits.stream().map(pool::submit).toList();
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get());
            }
            List<Integer> statuses = replies.stream().map(Reply::status).sorted().toList();
            assertEquals(List.of(200, 409), statuses, replies.stream().map(Reply::text).toList().toString());
            Reply winner = replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
            Reply loser = replies.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
            assertEquals("https://writeback.dev/problems/conflict", loser.json().path("type").asText());
            assertEquals(winner.json().path("description").asText(),
                    api.get(ALICE, "/connectors/" + id).json().path("description").asText(), "the winner's edit stands");
        } finally {
            pool.shutdownNow();
        }

        // the same, one after the other: a stale If-Match is refused with the revisions named
        long read = Long.parseLong(etag.replace("\"", ""));
        Reply stale = api.json(BOB, "PATCH", "/connectors/" + id, Map.of("description", "stale"), Map.of("If-Match", etag));
        assertEquals(409, stale.status());
        assertEquals("Connector " + id + " changed since revision " + read + " (now " + (read + 1) + "); reload and retry.",
                stale.detail());
    }

    // ---- who may do what

    @Test
    void privateConnectorsDoNotExistForOtherCompaniesAndPublicOnesAreListedForEveryone() {
        String privateId = published(ALICE, "Acme Internal " + System.nanoTime(), "PRIVATE", RITA);
        String publicId = published(ALICE, "Acme Shared " + System.nanoTime(), "PUBLIC", RITA);

        String notFound = "There is no connector " + privateId + ".";
        for (String path : List.of("", "/versions/1", "/scripts/process", "/icons/icon")) {
            Reply r = api.get(GUS, "/connectors/" + privateId + path);
            assertEquals(404, r.status(), path);
            assertEquals(notFound, r.detail(), path);
        }
        Reply edit = api.json(GUS, "PATCH", "/connectors/" + privateId, Map.of("name", "Mine"));
        assertEquals(404, edit.status());
        assertEquals(404, api.delete(GUS, "/connectors/" + privateId).status());

        List<String> publicIds = ids(api.get(GUS, "/connectors?scope=public&limit=100").json());
        assertTrue(publicIds.contains(publicId));
        assertFalse(publicIds.contains(privateId));
        assertEquals(List.of(), ids(api.get(GUS, "/connectors").json()), "Globex has no connectors of its own");
        List<String> acme = ids(api.get(CARL, "/connectors?limit=100").json());
        assertTrue(acme.containsAll(List.of(privateId, publicId)), "every Acme user sees Acme's connectors");

        Reply foreignEdit = api.json(GUS, "PATCH", "/connectors/" + publicId, Map.of("name", "Mine"));
        assertEquals(403, foreignEdit.status());
        assertEquals("Only authors of the company that owns connector " + publicId + " may change it.", foreignEdit.detail());
        Reply userEdit = api.json(CARL, "PATCH", "/connectors/" + publicId, Map.of("name", "Mine"));
        assertEquals(403, userEdit.status());
        assertEquals("Only connector authors create or change connectors.", userEdit.detail());
        assertEquals(PROCESS_JS, api.get(GUS, "/connectors/" + publicId + "/scripts/process").text());
        assertFalse(api.get(GUS, "/connectors/" + publicId).text().contains(DOMO_SECRET));
    }

    @Test
    void publicListingsPageByPublishedName() {
        String tag = Long.toString(System.nanoTime(), 36);
        for (String n : List.of("Zeta", "Alpha", "Mu")) {
            published(ALICE, "Paging " + tag + " " + n, "PUBLIC", RITA);
        }
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = api.get(GUS, "/connectors?scope=public&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page.text());
            assertTrue(page.json().path("items").size() <= 2);
            page.json().path("items").forEach(c -> names.add(c.path("name").asText()));
            cursor = page.json().path("nextCursor").isTextual()
                    ? URLEncoder.encode(page.json().path("nextCursor").asText(), StandardCharsets.UTF_8) : null;
        } while (cursor != null);
        List<String> mine = names.stream().filter(n -> n.startsWith("Paging " + tag)).toList();
        assertEquals(List.of("Paging " + tag + " Alpha", "Paging " + tag + " Mu", "Paging " + tag + " Zeta"), mine);
    }

    @Test
    void reviewersDecideOnPublicSubmissionsOfAnyCompanyAndPrivateOnesOfTheirOwnButNeverTheirOwn() {
        String privateId = complete(ALICE, "Private review");
        submit(ALICE, privateId, "PRIVATE");
        Reply notReviewer = api.json(BOB, "POST", "/connectors/" + privateId + "/approve", Map.of());
        assertEquals(403, notReviewer.status());
        assertEquals("Only reviewers approve or reject connectors.", notReviewer.detail());
        Reply foreignReviewer = api.json(VERA, "POST", "/connectors/" + privateId + "/approve", Map.of());
        assertEquals(404, foreignReviewer.status(), "another company's reviewer cannot see a private submission");
        assertEquals("There is no connector " + privateId + ".", foreignReviewer.detail());
        assertEquals(404, api.json(VERA, "POST", "/connectors/" + privateId + "/reject", Map.of("reason", "x")).status());

        Reply missingReason = api.json(RITA, "POST", "/connectors/" + privateId + "/reject", Map.of("reason", " "));
        assertEquals(400, missingReason.status());
        assertEquals("A rejection needs a reason the author can act on.", missingReason.detail());
        Reply rejected = api.json(RITA, "POST", "/connectors/" + privateId + "/reject",
                Map.of("reason", "The auth script accepts any key."));
        assertEquals("REJECTED", rejected.json().path("status").asText());
        assertEquals("The auth script accepts any key.", rejected.json().path("review").path("reason").asText());
        assertEquals("The auth script accepts any key.",
                api.get(ALICE, "/connectors/" + privateId).json().path("review").path("reason").asText());
        assertEquals(409, api.json(RITA, "POST", "/connectors/" + privateId + "/approve", Map.of()).status(),
                "a rejected version is not approved until resubmitted");

        String adas = complete(ADA, "Ada's own");
        submit(ADA, adas, "PUBLIC");
        for (String decision : List.of("approve", "reject")) {
            Reply self = api.json(ADA, "POST", "/connectors/" + adas + "/" + decision, Map.of("reason", "mine"));
            assertEquals(403, self.status(), decision);
            assertEquals("Reviewers do not review their own connectors; another reviewer must decide on " + adas + ".",
                    self.detail());
        }
        Reply byOtherCompany = api.json(VERA, "POST", "/connectors/" + adas + "/approve", Map.of());
        assertEquals(200, byOtherCompany.status(), "a public submission is reviewed by any company's reviewer");

        String colleagues = complete(BOB, "Bob's");
        submit(BOB, colleagues, "PRIVATE");
        assertEquals(200, api.json(ADA, "POST", "/connectors/" + colleagues + "/approve", Map.of()).status(),
                "Ada reviews her colleague's private submission");
    }

    @Test
    void anAuthorWithdrawsASubmissionAndDeletesTheDraftWithItsFilesAndSecrets() {
        String id = complete(ALICE, "Short-lived");
        submit(ALICE, id, "PRIVATE");
        Reply withdrawn = api.json(ALICE, "POST", "/connectors/" + id + "/withdraw", Map.of());
        assertEquals("DRAFT", withdrawn.json().path("status").asText());
        assertTrue(withdrawn.json().path("submittedBy").isMissingNode());
        assertEquals("Only a submitted connector can be withdrawn; this one is DRAFT.",
                api.json(ALICE, "POST", "/connectors/" + id + "/withdraw", Map.of()).detail());

        assertEquals(204, api.delete(ALICE, "/connectors/" + id).status());
        assertEquals(404, api.get(ALICE, "/connectors/" + id).status());
        assertEquals(List.of(), s3Keys("connectors/" + id + "/"));
        assertEquals(List.of(), sortKeys("CONNECTOR#" + id));
        assertTrue(AWS.secretsManager().listSecrets().secretList().stream()
                .noneMatch(s -> s.name().contains(id)), "its secrets are deleted");
    }

    // ---- the studio's reads: the user agreement, the reviewers' queue, version history, the script API

    @Test
    void anAuthorMustAcceptTheCurrentUserAgreementBeforeCreatingAConnector() {
        User dora = new User("acme", "dora-" + System.nanoTime(), "AUTHOR");
        Reply agreement = api.get(dora, "/user-agreement");
        assertEquals(200, agreement.status(), agreement.text());
        assertEquals("1", agreement.json().path("version").asText());
        assertTrue(agreement.json().path("text").asText().startsWith("# Writeback connector author agreement"));
        assertTrue(agreement.json().path("acceptance").isMissingNode(), "not accepted yet");

        Reply refused = api.json(dora, "POST", "/connectors", Map.of("name", "Too early"));
        assertEquals(403, refused.status());
        assertEquals("application/problem+json", refused.header("content-type"));
        assertEquals("https://writeback.dev/problems/agreement-required", refused.json().path("type").asText());
        assertEquals("Accept the user agreement (version 1) before creating connectors: read it with GET /user-agreement,"
                + " then POST /user-agreement/acceptance with {\"version\": \"1\"}.", refused.detail());

        Reply stale = api.json(dora, "POST", "/user-agreement/acceptance", Map.of("version", "0"));
        assertEquals(400, stale.status());
        assertEquals("Field version must be the current user agreement's version, 1; got '0'. Read it again with"
                + " GET /user-agreement.", stale.detail());
        assertEquals("Field version must be a string; got a number.",
                api.json(dora, "POST", "/user-agreement/acceptance", "{\"version\":1}").detail());
        assertEquals("Field version is required: the version of the user agreement you accept (1).",
                api.json(dora, "POST", "/user-agreement/acceptance", Map.of()).detail());

        Reply accepted = api.json(dora, "POST", "/user-agreement/acceptance", Map.of("version", "1"));
        assertEquals(201, accepted.status(), accepted.text());
        assertEquals("/user-agreement", accepted.header("location"));
        assertEquals("1", accepted.json().path("version").asText());
        String acceptedAt = accepted.json().path("acceptedAt").asText();
        assertEquals(acceptedAt, api.get(dora, "/user-agreement").json().path("acceptance").path("acceptedAt").asText());
        assertEquals(201, api.json(dora, "POST", "/connectors", Map.of("name", "Now allowed")).status());
    }

    @Test
    void reviewersSeeTheirQueueOldestFirstAndAuthorsSeeEveryVersionWithTheReasonOfARejection() {
        String acmePrivate = complete(ALICE, "Queue private");
        submit(ALICE, acmePrivate, "PRIVATE");
        String globexPublic = complete(GUS, "Queue public");
        submit(GUS, globexPublic, "PUBLIC");

        assertEquals(List.of(acmePrivate, globexPublic), queued(RITA, Set.of(acmePrivate, globexPublic)));
        assertEquals(List.of(globexPublic), queued(VERA, Set.of(acmePrivate, globexPublic)),
                "another company's private submission is not in the queue");
        JsonNode entry = queueEntry(RITA, globexPublic);
        assertEquals(1, entry.path("version").asInt());
        assertEquals("Queue public", entry.path("name").asText());
        assertEquals("globex", entry.path("companyId").asText());
        assertEquals("PUBLIC", entry.path("visibility").asText());
        assertEquals("gus", entry.path("submittedBy").asText());
        assertFalse(entry.path("submittedAt").asText().isEmpty());
        Reply notReviewer = api.get(ALICE, "/reviews");
        assertEquals(403, notReviewer.status());
        assertEquals("Only reviewers see the queue of submitted connectors.", notReviewer.detail());
        assertEquals("Query parameter limit must be a whole number, not 'ten'.", api.get(RITA, "/reviews?limit=ten").detail());

        ok(api.json(RITA, "POST", "/connectors/" + acmePrivate + "/reject", Map.of("reason", "Say what it sends.")));
        ok(api.json(VERA, "POST", "/connectors/" + globexPublic + "/approve", Map.of()));
        assertEquals(List.of(), queued(RITA, Set.of(acmePrivate, globexPublic)), "decided submissions leave the queue");

        ok(api.json(ALICE, "PATCH", "/connectors/" + acmePrivate, Map.of("description", "Sends contacts to Acme CRM")));
        submit(ALICE, acmePrivate, "PRIVATE");
        ok(api.json(RITA, "POST", "/connectors/" + acmePrivate + "/approve", Map.of()));
        ok(api.json(ALICE, "PATCH", "/connectors/" + acmePrivate, Map.of("description", "v2")));
        Reply versions = api.get(ALICE, "/connectors/" + acmePrivate + "/versions");
        assertEquals(200, versions.status(), versions.text());
        JsonNode items = versions.json().path("items");
        assertEquals(2, items.size());
        assertEquals(2, items.get(0).path("version").asInt(), "newest first");
        assertEquals("DRAFT", items.get(0).path("status").asText());
        assertEquals("PUBLISHED", items.get(1).path("status").asText());
        assertEquals("PRIVATE", items.get(1).path("visibility").asText());
        assertFalse(items.get(1).path("createdAt").asText().isEmpty());
        assertFalse(items.get(1).path("submittedAt").asText().isEmpty());
        assertFalse(items.get(1).path("decidedAt").asText().isEmpty());

        String rejectedId = complete(ALICE, "Rejected once");
        submit(ALICE, rejectedId, "PRIVATE");
        ok(api.json(RITA, "POST", "/connectors/" + rejectedId + "/reject", Map.of("reason", "The auth script accepts any key.")));
        JsonNode rejected = api.get(ALICE, "/connectors/" + rejectedId + "/versions?limit=1").json();
        assertEquals("REJECTED", rejected.path("items").get(0).path("status").asText());
        assertEquals("The auth script accepts any key.", rejected.path("items").get(0).path("rejectionReason").asText());
        assertEquals(404, api.get(GUS, "/connectors/" + rejectedId + "/versions").status(),
                "a private connector does not exist for other companies");

        String paged = published(ALICE, "Paged versions " + System.nanoTime(), "PUBLIC", RITA);
        ok(api.json(ALICE, "PATCH", "/connectors/" + paged, Map.of("description", "v2")));
        Reply first = api.get(ALICE, "/connectors/" + paged + "/versions?limit=1");
        assertEquals(2, first.json().path("items").get(0).path("version").asInt());
        String cursor = URLEncoder.encode(first.json().path("nextCursor").asText(), StandardCharsets.UTF_8);
        Reply second = api.get(ALICE, "/connectors/" + paged + "/versions?limit=1&cursor=" + cursor);
        assertEquals(1, second.json().path("items").get(0).path("version").asInt());
        JsonNode othersSee = api.get(GUS, "/connectors/" + paged + "/versions").json().path("items");
        assertEquals(1, othersSee.size(), "other companies see only what was published publicly");
        assertEquals(1, othersSee.get(0).path("version").asInt());
    }

    @Test
    void everySignedInCallerReadsTheScriptApiDescriptionWhichACacheRevalidatesByItsETag() {
        Reply described = api.get(CARL, "/script-api");
        assertEquals(200, described.status(), described.text());
        assertEquals("application/json", described.header("content-type"));
        assertEquals("private, max-age=3600", described.header("cache-control"));
        String etag = described.header("etag");
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
        JsonNode objects = described.json().path("objects");
        List<String> names = new ArrayList<>();
        objects.forEach(o -> names.add(o.path("name").asText()));
        assertEquals(List.of("httprequest", "auth", "DOMO", "metadata", "datagrid", "discovery", "sql", "aws", "console"), names);
        JsonNode addHeader = objects.get(0).path("members").get(0);
        assertEquals("addHeader(name: string, value: string): void", addHeader.path("signature").asText());
        assertEquals("documented", addHeader.path("origin").asText());

        Reply unchanged = api.send(CARL, "GET", "/script-api", Map.of("if-none-match", etag), null, new byte[0]);
        assertEquals(304, unchanged.status());
        assertEquals(0, unchanged.body().length);
        assertEquals(etag, unchanged.header("etag"));
        assertEquals(200, api.send(CARL, "GET", "/script-api", Map.of("if-none-match", "\"stale\""), null, new byte[0]).status());
    }

    /** The reviewer's queue, every page, reduced to the given connectors. */
    static List<String> queued(User reviewer, Set<String> ids) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = api.get(reviewer, "/reviews?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page.text());
            page.json().path("items").forEach(i -> seen.add(i.path("connectorId").asText()));
            cursor = page.json().hasNonNull("nextCursor")
                    ? URLEncoder.encode(page.json().path("nextCursor").asText(), StandardCharsets.UTF_8) : null;
        } while (cursor != null);
        return seen.stream().filter(ids::contains).toList();
    }

    static JsonNode queueEntry(User reviewer, String connectorId) {
        String cursor = null;
        do {
            JsonNode page = api.get(reviewer, "/reviews?limit=100" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            for (JsonNode item : page.path("items")) {
                if (item.path("connectorId").asText().equals(connectorId)) {
                    return item;
                }
            }
            cursor = page.hasNonNull("nextCursor") ? URLEncoder.encode(page.path("nextCursor").asText(), StandardCharsets.UTF_8) : null;
        } while (cursor != null);
        throw new AssertionError(connectorId + " is not in the queue");
    }

    // ---- immutability and pinning

    @Test
    void publishedVersionsNeverChangeEditingStartsTheNextDraftAndJobsKeepTheirVersion() {
        String name = "Pinned " + System.nanoTime();
        String id = published(ALICE, name, "PUBLIC", RITA);
        Reply account = api.json(GUS, "POST", "/accounts", Map.of("connectorId", id, "name", "Globex key",
                "fields", Map.of("apikey", API_KEY)));
        assertEquals(201, account.status(), account.text());
        Reply refusedAccount = api.json(GUS, "POST", "/accounts", Map.of("connectorId", id, "fields", Map.of("apikey", "nope")));
        assertEquals(422, refusedAccount.status());
        assertEquals("The connector's authentication script refused these credentials: The API key was refused.",
                refusedAccount.detail());
        String accountId = account.json().path("id").asText();
        Reply withoutDomo = api.json(GUS, "POST", "/jobs", Map.of("connectorId", id, "accountId", accountId,
                "name", "Nightly", "report", "Contacts", "parameters", Map.of("datasetId", "ds-1")));
        assertEquals(400, withoutDomo.status(), withoutDomo.text());
        assertEquals("Connector " + id + " is published by another company; a job on it reads your DataSets with your "
                + "company's Domo API client: give domoClient {clientKey, clientSecret}.", withoutDomo.json().path("detail").asText());
        Reply job = api.json(GUS, "POST", "/jobs", Map.of("connectorId", id, "accountId", accountId, "name", "Nightly",
                "report", "Contacts", "parameters", Map.of("datasetId", "ds-1"),
                "domoClient", Map.of("clientKey", GLOBEX_DOMO_KEY, "clientSecret", GLOBEX_DOMO_SECRET)));
        assertEquals(201, job.status(), job.text());
        assertEquals(GLOBEX_DOMO_KEY, job.json().path("domoClientKey").asText());
        assertEquals(1, job.json().path("connectorVersion").asInt());
        String jobId = job.json().path("id").asText();

        // editing the published connector starts version 2; version 1 stays as published
        Reply renamed = api.json(ALICE, "PATCH", "/connectors/" + id, Map.of("name", name + " Next"));
        assertEquals(2, renamed.json().path("version").asInt());
        assertEquals("DRAFT", renamed.json().path("status").asText());
        String newScript = "var rows = DOMO.getDataset(metadata.parameters.datasetId).queryData('select count(*) from tbl');\n";
        api.bytes(ALICE, "PUT", "/connectors/" + id + "/scripts/process", "application/javascript",
                newScript.getBytes(StandardCharsets.UTF_8));
        assertEquals(PROCESS_JS, new String(stored(id, 1, "process.js"), StandardCharsets.UTF_8));
        assertEquals(newScript, new String(stored(id, 2, "process.js"), StandardCharsets.UTF_8));
        assertEquals(DOMO_SECRET, secret("connectors/" + id + "/v2/domo-client-secret"), "the draft has its own copy");
        JsonNode v1 = api.get(ALICE, "/connectors/" + id + "/versions/1").json();
        assertEquals(name, v1.path("name").asText());
        assertEquals("PUBLISHED", v1.path("status").asText());

        // other companies still see v1 under its published name, in the listing too
        JsonNode seen = api.get(GUS, "/connectors/" + id).json();
        assertEquals(1, seen.path("version").asInt());
        assertEquals(name, seen.path("name").asText());
        JsonNode listed = find(api.get(GUS, "/connectors?scope=public&limit=100").json(), id);
        assertEquals(name, listed.path("name").asText());
        assertEquals(name + " Next", find(api.get(ALICE, "/connectors?limit=100").json(), id).path("name").asText());
        assertEquals(404, api.get(GUS, "/connectors/" + id + "/versions/2").status());
        // each version's scripts, seen as the version is: the reviewers' diff reads both
        assertEquals(PROCESS_JS, api.get(ALICE, "/connectors/" + id + "/versions/1/scripts/process").text());
        assertEquals(newScript, api.get(ALICE, "/connectors/" + id + "/versions/2/scripts/process").text());
        assertEquals(PROCESS_JS, api.get(GUS, "/connectors/" + id + "/versions/1/scripts/process").text());
        assertEquals(404, api.get(GUS, "/connectors/" + id + "/versions/2/scripts/process").status());
        assertEquals("Version 1 of connector " + id + " has no discovery.js.",
                api.get(ALICE, "/connectors/" + id + "/versions/1/scripts/discovery").detail());
        assertEquals(400, api.get(ALICE, "/connectors/" + id + "/versions/1/scripts/setup").status());

        submit(ALICE, id, "PUBLIC");
        assertEquals(200, api.json(VERA, "POST", "/connectors/" + id + "/approve", Map.of()).status());
        assertEquals(name + " Next", find(api.get(GUS, "/connectors?scope=public&limit=100").json(), id).path("name").asText());
        assertEquals(2, api.get(GUS, "/connectors/" + id).json().path("version").asInt());

        assertEquals(1, api.get(GUS, "/jobs/" + jobId).json().path("connectorVersion").asInt(), "the job keeps v1");
        assertEquals(1, api.get(GUS, "/connectors/" + id + "/versions/1").json().path("version").asInt(),
                "a pinned public version stays readable");
        Reply newJob = api.json(GUS, "POST", "/jobs", Map.of("connectorId", id, "accountId", accountId,
                "report", "Contacts", "parameters", Map.of("datasetId", "ds-1"),
                "domoClient", Map.of("clientKey", GLOBEX_DOMO_KEY, "clientSecret", GLOBEX_DOMO_SECRET)));
        assertEquals(2, newJob.json().path("connectorVersion").asInt());

        Reply deletePublished = api.delete(ALICE, "/connectors/" + id);
        assertEquals(409, deletePublished.status());
        assertEquals("Connector " + id + " has been published; published connectors are kept for the jobs that use them.",
                deletePublished.detail());
    }

    @Test
    void anAuthenticationScriptThatRefusesWithoutAReasonGetsAPlainMessage() {
        String id = published(ALICE, "Silent " + System.nanoTime(), "PRIVATE", RITA);
        ok(api.bytes(ALICE, "PUT", "/connectors/" + id + "/scripts/auth", "application/javascript",
                "auth.authenticationFailed();".getBytes(StandardCharsets.UTF_8)));
        submit(ALICE, id, "PRIVATE");
        ok(api.json(RITA, "POST", "/connectors/" + id + "/approve", Map.of()));

        Reply refused = api.json(CARL, "POST", "/accounts", Map.of("connectorId", id, "fields", Map.of("apikey", API_KEY)));
        assertEquals(422, refused.status(), refused.text());
        assertEquals("The connector's authentication script refused these credentials: Authentication failed.",
                refused.detail(), "never '…: null'");
    }

    // ---- helpers

    static String created(User author, String name) {
        Reply r = api.json(author, "POST", "/connectors", Map.of("name", name));
        assertEquals(201, r.status(), r.text());
        return r.json().path("connectorId").asText();
    }

    /** A draft with everything submit asks for: API-key authentication, both scripts, a Domo client, an icon. */
    static String complete(User author, String name) {
        String id = created(author, name);
        ok(api.json(author, "PATCH", "/connectors/" + id, Map.of("reports", List.of("Contacts"), "parameters",
                List.of(Map.of("name", "datasetId", "type", "STRING", "required", true)))));
        ok(api.json(author, "PUT", "/connectors/" + id + "/domo-client", Map.of("clientKey", DOMO_KEY, "clientSecret", DOMO_SECRET)));
        ok(api.json(author, "PUT", "/connectors/" + id + "/authentication", Map.of("authentication", Map.of("type", "API_KEY"))));
        ok(api.bytes(author, "PUT", "/connectors/" + id + "/scripts/auth", "application/javascript", AUTH_JS.getBytes(StandardCharsets.UTF_8)));
        ok(api.bytes(author, "PUT", "/connectors/" + id + "/scripts/process", "application/javascript", PROCESS_JS.getBytes(StandardCharsets.UTF_8)));
        ok(api.bytes(author, "PUT", "/connectors/" + id + "/icons/icon", "image/png", png(512, 512)));
        return id;
    }

    /**
     * An OAuth 2.0 account of the author on the connector's draft, as the OAuth callback function leaves one (that
     * function's tests drive the provider); its id.
     */
    static String oauthTestAccount(User author, String connectorId) {
        String id = IdGenerator.next("acc");
        Instant now = Instant.now();
        services.vault().put(Account.secretName(id), AccountCredentials.serialize(Map.of(
                AccountCredentials.ACCESS_TOKEN, TEST_ACCESS_TOKEN, AccountCredentials.EXPIRES_AT, now.plusSeconds(3600).toString())));
        services.accountRepository().create(new Account(id, author.company(), author.sub(), connectorId, 1, "Review account",
                AuthType.OAUTH2, AccountStatus.CONNECTED, null, now.plusSeconds(3600), List.of("read"), now, now, 0));
        return id;
    }

    static void submit(User author, String id, String visibility) {
        Reply r = api.json(author, "POST", "/connectors/" + id + "/submit", Map.of("visibility", visibility));
        assertEquals("SUBMITTED", r.json().path("status").asText(), r.text());
    }

    static String published(User author, String name, String visibility, User reviewer) {
        String id = complete(author, name);
        submit(author, id, visibility);
        ok(api.json(reviewer, "POST", "/connectors/" + id + "/approve", Map.of()));
        return id;
    }

    static Reply ok(Reply r) {
        assertEquals(200, r.status(), r.text());
        return r;
    }

    static byte[] png(int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of a connector version as stored in S3, found through the digest the version names. */
    static byte[] stored(String id, int version, String file) {
        JsonNode v = api.get(ALICE, "/connectors/" + id + "/versions/" + version).json();
        String digest = v.path("files").path(file).asText();
        assertFalse(digest.isEmpty(), "version " + version + " names no " + file + ": " + v);
        return s3(ConnectorService.fileKey(id, file, digest));
    }

    static byte[] s3(String key) {
        return S3.client().getObjectAsBytes(b -> b.bucket(S3.bucket()).key(BLOB_PREFIX + key)).asByteArray();
    }

    static List<String> s3Keys(String prefix) {
        return S3.client().listObjectsV2(b -> b.bucket(S3.bucket()).prefix(BLOB_PREFIX + prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    static String secret(String name) {
        return AWS.secretsManager().getSecretValue(b -> b.secretId(SECRET_PREFIX + name)).secretString();
    }

    static List<String> sortKeys(String pk) {
        return DYNAMO.client().query(q -> q.tableName(DYNAMO.tableName()).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
                .items().stream().map(i -> i.get("sk").s()).sorted().toList();
    }

    static Map<String, AttributeValue> item(String pk, String sk) {
        return DYNAMO.client().getItem(g -> g.tableName(DYNAMO.tableName())
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> sorted(JsonNode array) {
        return list(array).stream().sorted().toList();
    }

    static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(c -> out.add(c.path("id").asText()));
        return out;
    }

    static JsonNode find(JsonNode page, String id) {
        for (JsonNode c : page.path("items")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError(id + " is not in " + page);
    }
}
