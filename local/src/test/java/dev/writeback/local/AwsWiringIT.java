package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.aws.dynamo.DynamoDocumentTable;
import dev.writeback.core.json.Json;
import dev.writeback.testing.aws.DynaliteExtension;
import dev.writeback.testing.aws.MotoExtension;
import dev.writeback.testing.aws.S3ProxyExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The functions as Lambda runs them: each handler's no-argument constructor wires the AWS adapters
 * from the environment template.yaml gives it, in a child JVM driven by the real runtime interface
 * client — here against DynamoDB (dynalite), S3 (S3Proxy), Secrets Manager and EventBridge Scheduler (moto)
 * emulators on loopback. The functions send moto no account header: their secrets and schedules are in
 * moto's default account.
 */
class AwsWiringIT {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = new DynaliteExtension();
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension("writeback-wiring");
    @RegisterExtension
    static final MotoExtension AWS = new MotoExtension();
    static final String TABLE = "writeback-wiring";

    @BeforeAll
    static void createTable() {
        DynamoDocumentTable.createTable(DYNAMO.client(), TABLE);
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", S3ProxyExtension.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyExtension.SECRET_KEY);
        env.put("TABLE_NAME", TABLE);
        env.put("BUCKET_NAME", S3.bucket());
        env.put("SECRET_PREFIX", "writeback/");
        env.put("DOMO_BASE_URL", "https://api.domo.com");
        env.put("SCHEDULE_GROUP", "default");
        env.put("SCHEDULE_TARGET_ARN", "arn:aws:lambda:us-east-1:000000000000:function:wiring-executor:live");
        env.put("SCHEDULE_ROLE_ARN", "arn:aws:iam::000000000000:role/wiring-scheduler");
        env.put("OAUTH_REDIRECT_URI", "https://api.example.com/oauth/callback");
        env.put("WRITEBACK_DYNAMODB_ENDPOINT", DYNAMO.endpoint().toString());
        env.put("WRITEBACK_S3_ENDPOINT", S3.endpoint().toString());
        env.put("WRITEBACK_SECRETSMANAGER_ENDPOINT", AWS.endpoint().toString());
        env.put("WRITEBACK_AWS_ENDPOINT", AWS.endpoint().toString());
        return env;
    }

    private static JsonNode invoke(String function, String handler, String eventFile) throws Exception {
        LocalInvoker.Result result = LocalInvoker.invoke(function, handler,
                Files.readAllBytes(Path.of("events", eventFile)), environment());
        JsonNode response = Json.MAPPER.readTree(result.body());
        assertFalse(result.error(), response.toString());
        return response;
    }

    @Test
    void theRegistrationFunctionStoresAConnectorInTheTable() throws Exception {
        JsonNode response = invoke("registration", "dev.writeback.registration.RegistrationHandler::handleRequest",
                "registration-create-connector.json");
        assertEquals(201, response.path("statusCode").asInt(), response.toString());
        String id = Json.MAPPER.readTree(response.path("body").asText()).path("connectorId").asText();
        assertTrue(new DynamoDocumentTable(DYNAMO.client(), TABLE).get("CONNECTOR#" + id, "ROOT").isPresent(),
                "the connector is in the DynamoDB table");
    }

    @Test
    void theExecutorAndTheOAuthFunctionAnswerTheirSampleEvents() throws Exception {
        JsonNode runs = invoke("executor", "dev.writeback.executor.ExecutorHandler::handleRequest", "executor-list-runs.json");
        assertEquals(404, runs.path("statusCode").asInt(), runs.toString());
        assertEquals("There is no job job-000000000000000000000000.",
                Json.MAPPER.readTree(runs.path("body").asText()).path("detail").asText());
        JsonNode callback = invoke("oauth-callback", "dev.writeback.oauthcallback.OAuthCallbackHandler::handleRequest",
                "oauth-callback-callback.json");
        assertEquals(400, callback.path("statusCode").asInt(), callback.toString());
    }
}
