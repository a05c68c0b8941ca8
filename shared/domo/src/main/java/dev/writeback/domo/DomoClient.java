package dev.writeback.domo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.Sha256;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.DomoApi;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.json.Json;
import dev.writeback.core.time.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
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
    private final HttpClient http;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Deadline deadline;
    private final Duration requestTimeout;
    private final Sleeper sleeper;
    private final TokenCache tokens;
    private final String tokenKey;

    private record Token(String value, Instant renewAt) {
    }

    /**
     * Access tokens shared by the clients of one JVM (e.g. every run of a Lambda container), keyed by
     * Domo URL, client id, a digest of the secret and the scopes, so a run does not ask Domo for a
     * token another run got minutes ago.
     */
    public static final class TokenCache {
        private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();

        Token get(String key) {
            return tokens.get(key);
        }

        void put(String key, Token token) {
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
        this.http = b.http != null ? b.http : defaultHttpClient();
        this.clock = b.clock;
        this.retry = b.retry;
        this.deadline = b.deadline != null ? b.deadline : Deadline.none(clock);
        this.requestTimeout = b.requestTimeout;
        this.sleeper = b.sleeper;
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
            JsonNode page = json(send("list DataSets", null, () -> authorized("/v1/datasets" + q).GET()));
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
        JsonNode n = json(send("get DataSet " + datasetId, datasetId,
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
        return send("export DataSet " + datasetId, datasetId,
                () -> authorized("/v1/datasets/" + encode(datasetId) + "/data?includeHeader=true")
                        .header("Accept", "text/csv").GET()).body();
    }

    /** Runs SQL through Domo's query API ({@code FROM table}); values typed per {@link DomoType}. */
    public QueryResult query(String datasetId, String sql) {
        String body = Json.write(Map.of("sql", sql));
        JsonNode n = json(send("query DataSet " + datasetId, datasetId,
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
        Token token = tokens.get(tokenKey);
        if (token == null || !clock.instant().isBefore(token.renewAt())) {
            token = fetchToken();
            tokens.put(tokenKey, token);
        }
        return token.value();
    }

    private synchronized void dropToken(String stale) {
        tokens.drop(tokenKey, stale);
    }

    // ---------------------------------------------------------------- token

    private Token fetchToken() {
        String scope = String.join(" ", credentials.scopes());
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (credentials.clientId() + ":" + credentials.clientSecret()).getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=client_credentials&scope=" + encode(scope);
        Instant asked = clock.instant();
        HttpResponse<InputStream> response = send("get an access token", null, true, () -> {
            HttpRequest.Builder b = tokenStyle == TokenRequestStyle.GET_QUERY
                    ? HttpRequest.newBuilder(baseUri.resolve("/oauth/token?" + form)).GET()
                    : HttpRequest.newBuilder(baseUri.resolve("/oauth/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form));
            return b.header("Authorization", basic).header("Accept", "application/json");
        });
        JsonNode n = json(response);
        String access = text(n, "access_token");
        if (access == null || access.isEmpty()) {
            throw new UpstreamException("Domo's token endpoint answered without an access_token");
        }
        Instant expires = asked.plusSeconds(n.path("expires_in").asLong(3599));
        Instant exp = jwtExpiry(access);
        if (exp != null && exp.isBefore(expires)) {
            expires = exp;
        }
        // renew a little before expiry: a tenth of the lifetime, at most a minute
        Duration lifetime = Duration.between(asked, expires);
        Duration early = lifetime.dividedBy(10).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : lifetime.dividedBy(10);
        return new Token(access, expires.minus(early));
    }

    private static Instant jwtExpiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.hasNonNull("exp") ? Instant.ofEpochSecond(claims.get("exp").asLong()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null; // an opaque token: expires_in alone decides
        }
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

    // ---------------------------------------------------------------- transport

    private HttpRequest.Builder authorized(String pathAndQuery) {
        return HttpRequest.newBuilder(baseUri.resolve(pathAndQuery)).header("Authorization", "Bearer " + accessToken());
    }

    @FunctionalInterface
    private interface RequestFactory {
        HttpRequest.Builder build();
    }

    /**
     * Sends until a 2xx: renews the token once on 401 (and 406 on CSV, as Domo's Java SDK does),
     * retries 429 / 5xx / unreachable per the policy within the deadline, maps the rest.
     */
    private HttpResponse<InputStream> send(String what, String datasetId, RequestFactory factory) {
        return send(what, datasetId, false, factory);
    }

    private HttpResponse<InputStream> send(String what, String datasetId, boolean tokenCall, RequestFactory factory) {
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
                DomoError error = DomoError.read(status, response);
                if (!tokenCall && !renewed && (status == 401 || status == 406 && "text/csv".equals(request.headers().firstValue("Accept").orElse(null)))) {
                    renewed = true;
                    dropToken(request.headers().firstValue("Authorization").orElse("").substring("Bearer ".length()));
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

    private RuntimeException refusal(String what, String datasetId, boolean tokenCall, DomoError error) {
        if (tokenCall) {
            return new TokenRefusedException("Domo refused the client credentials (client id " + credentials.clientId()
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

    private static JsonNode json(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UpstreamException("Domo answered " + response.request().uri().getPath() + " with invalid JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static DomoType type(String datasetId, String column, String type) {
        try {
            return DomoType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new UpstreamException("Domo DataSet '" + datasetId + "' has column '" + column + "' of type '" + type
                    + "', which is not a Domo type Writeback knows (STRING, LONG, DOUBLE, DECIMAL, DATE, DATETIME)");
        }
    }

    private static Object value(JsonNode v, DomoType type) {
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return switch (type) {
                case STRING -> v.asText();
                case LONG -> v.isNumber() ? v.asLong() : Long.parseLong(v.asText());
                case DOUBLE -> v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
                case DECIMAL -> v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
                case DATE -> LocalDate.parse(v.asText().substring(0, Math.min(10, v.asText().length())));
                case DATETIME -> dateTime(v.asText());
            };
        } catch (RuntimeException e) {
            throw new UpstreamException("Domo's query result holds '" + v.asText() + "' where a " + type + " was expected");
        }
    }

    private static LocalDateTime dateTime(String s) {
        try {
            return LocalDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return ZonedDateTime.parse(s).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
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
