package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code writeback invoke}: an event served to the real Lambda runtime interface client in a child JVM. */
class LocalInvokerIT {
    @TempDir
    Path home;

    @Test
    void theRegistrationFunctionCreatesAConnectorFromTheSampleEventThroughTheRuntimeClient() throws Exception {
        LambdaContainer.Result accepted = LocalInvoker.invoke("registration",
                LocalLambdaHandlers.Registration.class.getName() + "::handleRequest",
                Files.readAllBytes(Path.of("events/registration-accept-agreement.json")), home);
        assertEquals(201, Json.MAPPER.readTree(accepted.body()).path("statusCode").asInt(), "the author accepts the agreement first");
        byte[] event = Files.readAllBytes(Path.of("events/registration-create-connector.json"));
        LambdaContainer.Result result = LocalInvoker.invoke("registration",
                LocalLambdaHandlers.Registration.class.getName() + "::handleRequest", event, home);
        JsonNode response = Json.MAPPER.readTree(result.body());
        assertFalse(result.error(), response.toString());
        assertEquals(201, response.path("statusCode").asInt(), response.toString());
        JsonNode connector = Json.MAPPER.readTree(response.path("body").asText());
        assertEquals("File Drop Writeback", connector.path("name").asText());
        assertEquals("DRAFT", connector.path("status").asText());
        assertTrue(connector.path("connectorId").asText().startsWith("con-"));
    }

    @Test
    void aScheduleEventForAnUnknownJobIsAcknowledgedAndSkipped() throws Exception {
        byte[] event = Files.readAllBytes(Path.of("events/executor-scheduler-event.json"));
        LambdaContainer.Result result = LocalInvoker.invoke("executor",
                LocalLambdaHandlers.Executor.class.getName() + "::handleRequest", event, home);
        JsonNode response = Json.MAPPER.readTree(result.body());
        assertFalse(result.error(), response.toString());
        assertEquals("There is no job job-000000000000000000000000.", response.path("skipped").asText());
    }
}
