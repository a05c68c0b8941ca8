package dev.writeback.executor;

import dev.writeback.api.HttpApi;
import dev.writeback.api.HttpReply;
import dev.writeback.core.discovery.DiscoveryService;
import java.util.Map;

/** Lists a DISCOVERY parameter's choices while a user fills in a job: the connector's discovery script, run here. */
final class DiscoveryRoutes {
    private final DiscoveryService discovery;

    DiscoveryRoutes(DiscoveryService discovery) {
        this.discovery = discovery;
    }

    /** @param parameters the values of the job's other parameters chosen so far */
    record DiscoveryBody(String accountId, Map<String, String> parameters) {
    }

    void register(HttpApi api) {
        api.route("POST", "/connectors/{id}/parameters/{name}/discovery", r -> {
            DiscoveryBody body = r.json(DiscoveryBody.class);
            return HttpReply.ok(discovery.discover(r.caller(), r.pathParameter("id"), r.pathParameter("name"),
                    body.accountId(), body.parameters()));
        });
    }
}
