package dev.writeback.domo;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.time.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Sends one {@link DomoClient} call until a 2xx: renews the token once on 401 (and 406 on CSV, as Domo's Java SDK
 * does), retries 429 / 5xx / unreachable per the policy within the deadline, and maps the rest to Writeback's errors.
 */
final class DomoTransport {
    private final HttpClient http;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Deadline deadline;
    private final Duration requestTimeout;
    private final DomoClient.Sleeper sleeper;
    private final String clientId;
    private final Consumer<String> dropToken;

    @FunctionalInterface
    interface RequestFactory {
        HttpRequest.Builder build();
    }

    /** @param dropToken forgets a cached access token Domo refused, so the next request fetches a new one */
    DomoTransport(HttpClient http, Clock clock, RetryPolicy retry, Deadline deadline, Duration requestTimeout,
                  DomoClient.Sleeper sleeper, String clientId, Consumer<String> dropToken) {
        this.http = http;
        this.clock = clock;
        this.retry = retry;
        this.deadline = deadline;
        this.requestTimeout = requestTimeout;
        this.sleeper = sleeper;
        this.clientId = clientId;
        this.dropToken = dropToken;
    }

    HttpResponse<InputStream> send(String what, String datasetId, RequestFactory factory) {
        return send(what, datasetId, false, factory);
    }

    HttpResponse<InputStream> send(String what, String datasetId, boolean tokenCall, RequestFactory factory) {
        boolean renewed = false;
        String lastFailure = null;
        for (int attempt = 1; ; ) {
            if (deadline.passed()) {
                throw new UpstreamException("Could not " + what + " at Domo before the run's deadline"
                        + (lastFailure == null ? "." : "; last answer: " + lastFailure));
            }
            HttpRequest request = factory.build().timeout(min(requestTimeout, deadline.remaining())).build();
            Duration wait;
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response;
                }
                DomoClient.DomoError error = DomoClient.DomoError.read(status, response);
                if (!tokenCall && !renewed && (status == 401 || status == 406 && "text/csv".equals(request.headers().firstValue("Accept").orElse(null)))) {
                    renewed = true;
                    dropToken.accept(request.headers().firstValue("Authorization").orElse("").substring("Bearer ".length()));
                    continue;
                }
                if (status != 429 && status / 100 != 5) {
                    throw refusal(what, datasetId, tokenCall, error);
                }
                lastFailure = error.describe();
                wait = error.retryAfter(clock).orElse(null);
            } catch (IOException e) {
                lastFailure = "Domo could not be reached (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
                wait = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpstreamException("Interrupted while trying to " + what + " at Domo", e);
            }
            if (attempt >= retry.maxAttempts()) {
                throw new UpstreamException("Could not " + what + " at Domo after " + attempt + " attempts; last answer: " + lastFailure);
            }
            if (wait == null) {
                wait = retry.backoff(attempt);
            }
            if (wait.compareTo(deadline.remaining()) >= 0) {
                throw new UpstreamException("Could not " + what + " at Domo before the run's deadline (next retry in "
                        + wait.toMillis() + " ms); last answer: " + lastFailure);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpstreamException("Interrupted while waiting to retry: " + what, e);
            }
            attempt++;
        }
    }

    private RuntimeException refusal(String what, String datasetId, boolean tokenCall, DomoClient.DomoError error) {
        if (tokenCall) {
            return new DomoClient.TokenRefusedException("Domo refused the client credentials (client id " + clientId
                    + "): " + error.describe(), error.describe());
        }
        if (error.status() == 404 && datasetId != null) {
            return new NotFoundException("Domo DataSet '" + datasetId + "' was not found: " + error.describe());
        }
        if (error.status() == 400 && what.startsWith("query")) {
            return new InvalidInputException("Domo rejected the query: " + error.describe());
        }
        return new UpstreamException("Could not " + what + " at Domo: " + error.describe());
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isZero() || m.isNegative() ? Duration.ofMillis(1) : m;
    }
}
