package dev.writeback.domo;

import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.DomoCredentialsVerifier;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.time.Deadline;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/** Verifies a Domo API client by asking Domo's token endpoint for a {@code data}-scoped token. */
public final class DomoTokenVerifier implements DomoCredentialsVerifier {

    private final URI baseUri;
    private final HttpClient http;
    private final Clock clock;
    private final RetryPolicy retry;

    public DomoTokenVerifier(URI baseUri, HttpClient http, Clock clock, RetryPolicy retry) {
        this.baseUri = baseUri;
        this.http = http;
        this.clock = clock;
        this.retry = retry;
    }

    /** Against {@code https://api.domo.com} with default HTTP client and retries. */
    public DomoTokenVerifier() {
        this(DomoClient.DOMO_API, DomoClient.defaultHttpClient(), Clock.systemUTC(), RetryPolicy.defaults());
    }

    @Override
    public void verify(DomoCredentials credentials) {
        DomoClient client = DomoClient.builder().baseUri(baseUri).credentials(credentials).httpClient(http).clock(clock)
                .retryPolicy(retry).deadline(Deadline.after(Duration.ofSeconds(30), clock)).build();
        try {
            client.accessToken();
        } catch (DomoClient.TokenRefusedException e) {
            throw new UnprocessableException("Domo refused the client credentials: " + e.domoMessage(), e);
        }
    }
}
