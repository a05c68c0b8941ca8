package dev.writeback.domo;

import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetAccess;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.time.Deadline;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/** Checks that a connector's Domo API client can read a DataSet by asking Domo for its description. */
public final class DomoDatasetAccess implements DatasetAccess {
    private final URI baseUri;
    private final HttpClient http;
    private final Clock clock;
    private final RetryPolicy retry;

    public DomoDatasetAccess(URI baseUri, HttpClient http, Clock clock, RetryPolicy retry) {
        this.baseUri = baseUri;
        this.http = http;
        this.clock = clock;
        this.retry = retry;
    }

    @Override
    public Dataset describe(DomoCredentials credentials, String datasetId) {
        DomoClient client = DomoClient.builder().baseUri(baseUri).credentials(credentials).httpClient(http).clock(clock)
                .retryPolicy(retry).deadline(Deadline.after(Duration.ofSeconds(20), clock)).build();
        try {
            return client.getDataset(datasetId);
        } catch (NotFoundException e) {
            throw new UnprocessableException("DataSet '" + datasetId + "' cannot be read with the connector's Domo client "
                    + credentials.clientId() + ": " + e.getMessage(), e);
        } catch (DomoClient.TokenRefusedException e) {
            throw new UnprocessableException("DataSet '" + datasetId + "' cannot be read: Domo refused the connector's"
                    + " client credentials: " + e.domoMessage(), e);
        }
    }
}
