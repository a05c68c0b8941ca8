package dev.writeback.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writeback.core.job.Job;
import dev.writeback.core.json.Json;
import java.net.URI;

/**
 * A job as the API answers it. Everyone in the company may read a job, and an alert rule's webhook URL is a credential
 * (whoever holds a Slack incoming-webhook URL may post to the channel), so a rule shows only the webhook's host
 * ({@code webhookHost}); the URL itself is written, never read back.
 */
final class JobView {
    private JobView() {
    }

    static JsonNode of(Job job) {
        ObjectNode node = Json.MAPPER.valueToTree(job);
        for (JsonNode rule : node.path("alerts")) {
            JsonNode webhook = ((ObjectNode) rule).remove("webhook");
            if (webhook != null && webhook.isTextual()) {
                ((ObjectNode) rule).put("webhookHost", URI.create(webhook.asText()).getHost());
            }
        }
        return node;
    }
}
