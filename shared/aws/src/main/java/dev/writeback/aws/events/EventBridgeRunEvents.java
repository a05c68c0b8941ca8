package dev.writeback.aws.events;

import dev.writeback.core.json.Json;
import dev.writeback.core.run.RunEvent;
import dev.writeback.core.run.RunEventPublisher;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Run events on an EventBridge bus: source {@value RunEvent#SOURCE}, the detail type of the run's status
 * ({@code Run Succeeded}, …), the run's summary as detail, so users route them with rules of their own. A call is
 * bounded by the client's timeouts; an entry the bus refused is an exception (logged and counted by the caller).
 */
public final class EventBridgeRunEvents implements RunEventPublisher {
    /** How long one publication may take, retries included: the run waits for it. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final EventBridgeClient events;
    private final String busName;

    public EventBridgeRunEvents(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    /** On the bus {@code EVENT_BUS_NAME} (default: the account's default bus) of {@code AWS_REGION}. */
    public static EventBridgeRunEvents fromEnvironment(Map<String, String> env) {
        var builder = EventBridgeClient.builder()
                .region(Region.of(env.get("AWS_REGION")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(3)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT));
        String endpoint = env.get("WRITEBACK_AWS_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        String bus = env.get("EVENT_BUS_NAME");
        return new EventBridgeRunEvents(builder.build(), bus == null || bus.isBlank() ? "default" : bus);
    }

    @Override
    public void publish(RunEvent event) {
        PutEventsResponse answer = events.putEvents(r -> r.entries(PutEventsRequestEntry.builder()
                .eventBusName(busName).source(RunEvent.SOURCE).detailType(event.detailType())
                .detail(Json.write(event.detail())).build()));
        if (answer.failedEntryCount() != null && answer.failedEntryCount() > 0) {
            PutEventsResultEntry refused = answer.entries().getFirst();
            throw new IllegalStateException("EventBridge refused the event on bus " + busName + ": "
                    + refused.errorCode() + " " + refused.errorMessage());
        }
    }
}
