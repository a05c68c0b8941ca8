package dev.writeback.domo;

import static dev.writeback.domo.DomoResponses.encode;
import static dev.writeback.domo.DomoResponses.json;
import static dev.writeback.domo.DomoResponses.text;
import static dev.writeback.domo.DomoResponses.type;
import static dev.writeback.domo.DomoResponses.value;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.Sha256;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.DomoApi;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.json.Json;
import dev.writeback.core.time.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client of Domo's Platform API for one API client (client id + secret): a cached
 * client-credentials token, DataSet list / get, CSV export as a stream, and SQL query. 429 and
 * 5xx answers (and an unreachable Domo) are retried with backoff and jitter, honouring
 * {@code Retry-After}, never past the deadline; a 401 renews the token once. Thread-safe.
 * {@link DomoTransport} sends and retries, {@link DomoTokens} fetches tokens, {@link DomoResponses} reads answers;
 * what is left here is one method per Platform API endpoint, which is why it is still a little over 350 lines.
 */
public final class DomoClient {

    public static final URI DOMO_API = URI.create(DomoApi.DEFAULT_BASE_URL);
    private static final int PAGE = 50;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** Waits between retries; tests record instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final URI baseUri;
    private final DomoCredentials credentials;
    private final TokenRequestStyle tokenStyle;
    private final Clock clock;
    private final DomoTransport transport;
    private final TokenCache tokens;
    private final String tokenKey;

    /**
     * Access tokens shared by the clients of one JVM (e.g. every run of a Lambda container), keyed by
     * Domo URL, client id, a digest of the secret and the scopes, so a run does not ask Domo for a
     * token another run got minutes ago.
     */
    public static final class TokenCache {
        private final ConcurrentHashMap<String, DomoTokens.Token> tokens = new ConcurrentHashMap<>();

        DomoTokens.Token get(String key) {
            return tokens.get(key);
        }

        void put(String key, DomoTokens.Token token) {
            tokens.put(key, token);
        }

        void drop(String key, String stale) {
            tokens.computeIfPresent(key, (k, t) -> t.value().equals(stale) ? null : t);
        }
    }

    private DomoClient(Builder b) {
        this.baseUri = Objects.requireNonNull(b.baseUri, "baseUri");
        this.credentials = Objects.requireNonNull(b.credentials, "credentials");
        this.tokenStyle = b.tokenStyle;
        this.clock = b.clock;
        this.transport = new DomoTransport(b.http != null ? b.http : defaultHttpClient(), clock, b.retry,
                b.deadline != null ? b.deadline : Deadline.none(clock), b.requestTimeout, b.sleeper,
                credentials.clientId(), this::dropToken);
        this.tokens = b.tokens != null ? b.tokens : new TokenCache();
        this.tokenKey = baseUri + "|" + credentials.clientId() + "|" + Sha256.hex(credentials.clientSecret()) + "|"
                + String.join(" ", credentials.scopes());
    }

    public static Builder builder() {
        return new Builder();
    }

    static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    // ---------------------------------------------------------------- API

    /** All DataSets (paged 50 at a time until an empty page); {@code nameLike} and {@code sort} may be null. */
    public List<DatasetSummary> listDatasets(String nameLike, String sort) {
        List<DatasetSummary> all = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            StringBuilder q = new StringBuilder("?limit=" + PAGE + "&offset=" + offset);
            if (nameLike != null && !nameLike.isEmpty()) {
                q.append("&nameLike=").append(encode(nameLike));
            }
            if (sort != null && !sort.isEmpty()) {
                q.append("&sort=").append(encode(sort));
            }
            JsonNode page = json(transport.send("list DataSets", null, () -> authorized("/v1/datasets" + q).GET()));
            if (!page.isArray()) {
                throw new UpstreamException("Domo answered the DataSet list with something other than a JSON array");
            }
            if (page.isEmpty()) {
                return all;
            }
            for (JsonNode n : page) {
                all.add(new DatasetSummary(n.path("id").asText(), n.path("name").asText(), text(n, "description"),
                        n.path("rows").asLong(), n.path("columns").asInt(), text(n, "createdAt"), text(n, "updatedAt")));
            }
        }
    }

    public Dataset getDataset(String datasetId) {
        JsonNode n = json(transport.send("get DataSet " + datasetId, datasetId,
                () -> authorized("/v1/datasets/" + encode(datasetId)).GET()));
        List<Column> schema = new ArrayList<>();
        for (JsonNode c : n.path("schema").path("columns")) {
            schema.add(new Column(c.path("name").asText(), type(datasetId, c.path("name").asText(), c.path("type").asText())));
        }
        JsonNode owner = n.path("owner");
        return new Dataset(n.path("id").asText(datasetId), n.path("name").asText(), text(n, "description"),
                text(owner, "id"), text(owner, "name"), n.path("rows").asLong(), schema,
                text(n, "createdAt"), text(n, "updatedAt"), text(n, "dataCurrentAt"));
    }

    /**
     * The DataSet's rows as Domo's CSV (with a header line), streamed: the caller reads and closes
     * it. Failures before the first byte are retried; a failure mid-stream surfaces as an
     * IOException from the stream.
     */
    public InputStream exportCsv(String datasetId) {
        return transport.send("export DataSet " + datasetId, datasetId,
                () -> authorized("/v1/datasets/" + encode(datasetId) + "/data?includeHeader=true")
                        .header("Accept", "text/csv").GET()).body();
    }

    /** Runs SQL through Domo's query API ({@code FROM table}); values typed per {@link DomoType}. */
    public QueryResult query(String datasetId, String sql) {
        String body = Json.write(Map.of("sql", sql));
        JsonNode n = json(transport.send("query DataSet " + datasetId, datasetId,
                () -> authorized("/v1/datasets/query/execute/" + encode(datasetId))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))));
        List<Column> columns = new ArrayList<>();
        JsonNode names = n.path("columns");
        JsonNode meta = n.path("metadata");
        for (int i = 0; i < names.size(); i++) {
            columns.add(new Column(names.get(i).asText(), type(datasetId, names.get(i).asText(), meta.path(i).path("type").asText())));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode r : n.path("rows")) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                row.add(value(r.get(i), columns.get(i).type()));
            }
            rows.add(row);
        }
        return new QueryResult(n.path("datasource").asText(datasetId), columns, rows);
    }

    /** A valid access token, fetched or renewed when needed. */
    public synchronized String accessToken() {
        DomoTokens.Token token = tokens.get(tokenKey);
        if (token == null || !clock.instant().isBefore(token.renewAt())) {
            token = DomoTokens.fetch(transport, baseUri, credentials, tokenStyle, clock);
            tokens.put(tokenKey, token);
        }
        return token.value();
    }

    private synchronized void dropToken(String stale) {
        tokens.drop(tokenKey, stale);
    }

    /** Domo refused the client credentials or scopes at its token endpoint. */
    static final class TokenRefusedException extends UpstreamException {
        private final String domoMessage;

        TokenRefusedException(String message, String domoMessage) {
            super(message);
            this.domoMessage = domoMessage;
        }

        String domoMessage() {
            return domoMessage;
        }
    }

    private HttpRequest.Builder authorized(String pathAndQuery) {
        return HttpRequest.newBuilder(baseUri.resolve(pathAndQuery)).header("Authorization", "Bearer " + accessToken());
    }

    // ---------------------------------------------------------------- errors

    /** Domo's error body {status, statusReason, message, toe}, or the raw text when it is not that. */
    record DomoError(int status, String statusReason, String message, String toe, String retryAfter) {

        static DomoError read(int status, HttpResponse<InputStream> response) {
            String raw;
            try (InputStream in = response.body()) {
                raw = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
            } catch (IOException e) {
                raw = "";
            }
            String reason = null;
            String message = null;
            String toe = null;
            try {
                JsonNode n = raw.isBlank() ? null : Json.MAPPER.readTree(raw);
                if (n != null && n.isObject()) {
                    reason = text(n, "statusReason");
                    message = text(n, "message") != null ? text(n, "message") : text(n, "error_description");
                    if (message == null) {
                        message = text(n, "error");
                    }
                    toe = text(n, "toe");
                }
            } catch (IOException e) {
                message = raw.length() > 500 ? raw.substring(0, 500) + "…" : raw.strip();
            }
            return new DomoError(status, reason, message, toe, response.headers().firstValue("Retry-After").orElse(null));
        }

        String describe() {
            StringBuilder s = new StringBuilder("HTTP ").append(status);
            if (statusReason != null) {
                s.append(' ').append(statusReason);
            }
            if (message != null && !message.isEmpty()) {
                s.append(": ").append(message);
            }
            if (toe != null) {
                s.append(" (toe ").append(toe).append(')');
            }
            return s.toString();
        }

        Optional<Duration> retryAfter(Clock clock) {
            if (retryAfter == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim()))));
            } catch (NumberFormatException e) {
                try {
                    Instant at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration d = Duration.between(clock.instant(), at);
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (DateTimeParseException e2) {
                    return Optional.empty();
                }
            }
        }
    }

    /** Configures a client; only {@code credentials} is required. */
    public static final class Builder {
        private URI baseUri = DOMO_API;
        private DomoCredentials credentials;
        private TokenRequestStyle tokenStyle = TokenRequestStyle.POST_FORM;
        private HttpClient http;
        private Clock clock = Clock.systemUTC();
        private RetryPolicy retry = RetryPolicy.defaults();
        private Deadline deadline;
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        private TokenCache tokens;

        private Builder() {
        }

        public Builder baseUri(URI baseUri) {
            this.baseUri = baseUri;
            return this;
        }

        public Builder credentials(DomoCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder tokenRequestStyle(TokenRequestStyle style) {
            this.tokenStyle = style;
            return this;
        }

        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder retryPolicy(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        /** Bounds every call including its retries; default none. */
        public Builder deadline(Deadline deadline) {
            this.deadline = deadline;
            return this;
        }

        /** Longest wait for one answer's headers (an export's body streams past it). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Shares tokens with other clients of the same credentials (default: this client's own cache). */
        public Builder tokenCache(TokenCache cache) {
            this.tokens = cache;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public DomoClient build() {
            return new DomoClient(this);
        }
    }
}
