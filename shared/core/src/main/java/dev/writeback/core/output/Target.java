package dev.writeback.core.output;

import java.net.URI;
import java.util.Map;

/** Where rows go. Credentials come from the script (usually {@code metadata.account}); they are never logged. */
public sealed interface Target {

    /**
     * An object in the user's own bucket. {@code keyTemplate} may hold {@code {date:yyyy-MM-dd}},
     * {@code {date-N:pattern}}, {@code {datasetId}}, {@code {datasetName}}, {@code {runId}}.
     *
     * @param endpoint an S3-compatible endpoint (path-style), or null for AWS
     * @param sessionToken optional, for temporary credentials
     */
    record S3(String bucket, String keyTemplate, String region, String accessKey, String secretKey, String sessionToken,
              URI endpoint, boolean overwrite) implements Target {
        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", key=" + keyTemplate + ", region=" + region + ", endpoint=" + endpoint + "]";
        }
    }

    /**
     * An HTTP endpoint that takes JSON arrays of row objects, {@code batchSize} rows per request
     * (Domo's "JSON Post" writeback sends 100), up to {@code concurrency} batches in flight and, when
     * {@code maxRequestsPerSecond} is not null, no more requests than that per second.
     */
    record Http(URI url, String method, Map<String, String> headers, int batchSize, int concurrency, Double maxRequestsPerSecond)
            implements Target {
        public Http {
            headers = Map.copyOf(headers);
        }

        @Override
        public String toString() {
            return "Http[" + method + " " + url + ", batchSize=" + batchSize + ", concurrency=" + concurrency
                    + (maxRequestsPerSecond == null ? "" : ", maxRequestsPerSecond=" + maxRequestsPerSecond) + ", headers=" + headers.keySet() + "]";
        }
    }

    /**
     * A file on an SFTP server. Authentication by password or a private key (PEM/OpenSSH, optional passphrase).
     * {@code hostKeyFingerprint} ({@code SHA256:…}), when set, must match the server's key.
     */
    record Sftp(String host, int port, String username, String password, String privateKey, String passphrase,
                String pathTemplate, boolean overwrite, String hostKeyFingerprint) implements Target {
        @Override
        public String toString() {
            return "Sftp[" + username + "@" + host + ":" + port + " " + pathTemplate + "]";
        }
    }
}
