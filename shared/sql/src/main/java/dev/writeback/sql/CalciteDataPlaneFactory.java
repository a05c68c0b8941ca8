package dev.writeback.sql;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.DataPlaneFactory;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.time.Deadline;
import dev.writeback.domo.DomoClient;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.domo.TokenRequestStyle;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * Opens a {@link CalciteDataPlane} per run: a {@link DomoClient} for the connector's API client,
 * bounded by the run's deadline. One factory (and its HTTP client) serves every run of a JVM.
 */
public final class CalciteDataPlaneFactory implements DataPlaneFactory {

    /** What {@link DataPlane#query} holds at most; larger results must be streamed. */
    public static final int DEFAULT_MAX_RESULT_ROWS = 1_000_000;

    private final URI baseUri;
    private final HttpClient http;
    private final Clock clock;
    private final RetryPolicy retry;
    private final int maxResultRows;
    private final DomoClient.TokenCache tokens = new DomoClient.TokenCache();

    public CalciteDataPlaneFactory(URI baseUri, HttpClient http, Clock clock, RetryPolicy retry, int maxResultRows) {
        this.baseUri = baseUri;
        this.http = http;
        this.clock = clock;
        this.retry = retry;
        this.maxResultRows = maxResultRows;
    }

    /** Against {@code baseUri} (e.g. {@code https://api.domo.com} or a stand-in) with defaults. */
    public CalciteDataPlaneFactory(URI baseUri) {
        this(baseUri, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), Clock.systemUTC(),
                RetryPolicy.defaults(), DEFAULT_MAX_RESULT_ROWS);
    }

    /** Prepares Calcite once per JVM (seconds on a cold JVM); call at start-up. */
    public static void warmUp() {
        SqlEngine.warmUp();
    }

    @Override
    public DataPlane open(DomoCredentials credentials, Deadline deadline) {
        DomoClient client = DomoClient.builder().baseUri(baseUri).credentials(credentials).httpClient(http).clock(clock)
                .retryPolicy(retry).deadline(deadline).tokenRequestStyle(TokenRequestStyle.POST_FORM).tokenCache(tokens).build();
        return new CalciteDataPlane(client, maxResultRows);
    }
}
