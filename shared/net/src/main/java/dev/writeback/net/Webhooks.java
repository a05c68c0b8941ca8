package dev.writeback.net;

import dev.writeback.core.alert.AlertWebhook;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.run.RunEventPublisher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * POSTs of JSON to webhooks chosen by users (alert rules) or operators (the embedded default's event webhooks),
 * through the address guard like every request to a host someone else chose: https to public addresses only, the
 * addresses checked being the ones connected to, no redirects, at most {@link #TIMEOUT} per post. A refusal, a
 * failure or an answer other than 2xx is an exception for the caller to log.
 */
public final class Webhooks implements AlertWebhook, AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final GuardedHttpClient http;

    public Webhooks(GuardedHttpClient http) {
        this.http = http;
    }

    /** Over a client of its own, under {@code guard}. */
    public static Webhooks create(AddressGuard guard) {
        return new Webhooks(GuardedHttpClient.create(guard, Duration.ofSeconds(2)));
    }

    /** The policy the posts go out under (alert rules are checked against the same when saved). */
    public AddressGuard guard() {
        return http.guard();
    }

    /** Slack's incoming-webhook body: {@code {"text": …}}. */
    @Override
    public void post(String url, String text) {
        postJson(url, Json.write(Map.of("text", text)));
    }

    /** Every run event, as EventBridge would deliver it to a target, to each of {@code urls}. */
    public RunEventPublisher forRunEvents(List<String> urls, Clock clock) {
        List<String> targets = List.copyOf(urls);
        return event -> {
            String body = Json.write(event.envelope(clock.instant()));
            for (String url : targets) {
                postJson(url, body);
            }
        };
    }

    @Override
    public void close() {
        http.close();
    }

    void postJson(String url, String json) {
        URI uri = URI.create(url);
        if (http.admit(uri) instanceof AddressGuard.Refusal refusal) {
            throw new IllegalStateException("The webhook " + uri.getHost() + " was not called: " + AddressGuard.explain(refusal));
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request, MAX_ANSWER_BYTES);
        } catch (IOException e) {
            throw new IllegalStateException("The webhook " + uri.getHost() + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while posting to the webhook " + uri.getHost(), e);
        }
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("The webhook " + uri.getHost() + " answered " + answer.statusCode() + ".");
        }
    }
}
