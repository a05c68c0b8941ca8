package dev.writeback.domo.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Domo Platform API stand-in on 127.0.0.1: client-credentials tokens (JWT-looking, with
 * {@code exp}), DataSet list / get / CSV export (streamed from a file) and SQL query (through a
 * {@link QueryHook}). Shapes and errors follow Domo's public API reference. For tests it can
 * inject faults per path, shorten token lifetimes, and records every request.
 */
public final class DomoStandin implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> SORTS = Set.of("name", "nameDescending", "lastTouched", "lastTouchedAscending",
            "lastUpdated", "lastUpdatedAscending", "createdAt", "createdAtAscending", "cardCount", "cardCountAscending",
            "cardViewCount", "cardViewCountAscending", "errorState", "errorStateDescending", "dataSourceId");
    private static final int MAX_LIMIT = 50;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, ClientApp> clients;
    private final Map<String, StandinDataset> datasets = new ConcurrentHashMap<>();
    private final List<ScriptedFault> faults = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final String customer;
    private final byte[] signingKey = new byte[32];
    private volatile Duration tokenLifetime;
    private volatile QueryHook queryHook;

    private record ClientApp(String id, String secret, Set<String> scopes) {
    }

    private static final class ScriptedFault {
        final String pathPrefix;
        final Fault fault;
        int remaining;

        ScriptedFault(String pathPrefix, Fault fault, int remaining) {
            this.pathPrefix = pathPrefix;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private DomoStandin(Builder b) throws IOException {
        if (b.clients.isEmpty()) {
            throw new IllegalStateException("The Domo stand-in needs at least one API client: Builder.client(id, secret, scopes...)");
        }
        this.clients = Map.copyOf(b.clients);
        this.clock = b.clock;
        this.customer = b.customer;
        this.tokenLifetime = b.tokenLifetime;
        this.queryHook = b.queryHook;
        new SecureRandom().nextBytes(signingKey);
        for (Path folder : b.folders) {
            loadFolder(folder);
        }
        b.datasets.forEach(this::addDataset);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}; the client's base URI in place of {@code https://api.domo.com}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Adds or replaces a DataSet while running. */
    public void addDataset(StandinDataset dataset) {
        datasets.put(dataset.id(), dataset);
    }

    /** Loads every {@code <id>.json} + {@code <id>.csv} pair of a folder. */
    public void loadFolder(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted()
                    .forEach(p -> addDataset(StandinDataset.load(p, MAPPER)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list DataSets in " + folder, e);
        }
    }

    public List<StandinDataset> datasets() {
        return datasets.values().stream().sorted(Comparator.comparing(StandinDataset::id)).toList();
    }

    public void queryHook(QueryHook hook) {
        this.queryHook = hook;
    }

    /** Lifetime of tokens issued from now on. */
    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /** The next {@code times} requests whose path starts with {@code pathPrefix} get {@code fault} instead of an answer. */
    public void failNext(String pathPrefix, int times, Fault fault) {
        faults.add(new ScriptedFault(pathPrefix, fault, times));
    }

    /** Every request so far, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Requests so far whose path starts with {@code pathPrefix}. */
    public List<RecordedRequest> requests(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- dispatch

    private void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getRawPath();
        try (ex) {
            try {
                Fault fault = takeFault(path);
                if (fault != null) {
                    answerFault(ex, fault);
                } else {
                    route(ex, path);
                }
            } catch (DomoError e) {
                sendError(ex, e.status(), e.statusReason(), e.getMessage(),
                        e instanceof Unauthorized u ? Map.of("WWW-Authenticate", u.wwwAuthenticate) : Map.of());
            } catch (RuntimeException e) {
                sendError(ex, 500, "Internal Server Error", String.valueOf(e.getMessage()), Map.of());
            }
        } catch (IOException e) {
            // the client went away mid-answer (e.g. closed an export stream early): nothing to answer
        }
    }

    /** Logs the request as its answer's headers go out, so a test sees it once the client has the answer. */
    private void sendHeaders(HttpExchange ex, int status, long length) throws IOException {
        requests.add(new RecordedRequest(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                ex.getRequestHeaders().getFirst("Authorization"), status));
        ex.sendResponseHeaders(status, length);
    }

    private synchronized Fault takeFault(String path) {
        for (ScriptedFault f : faults) {
            if (f.remaining > 0 && path.startsWith(f.pathPrefix)) {
                if (--f.remaining == 0) {
                    faults.remove(f);
                }
                return f.fault;
            }
        }
        return null;
    }

    private int route(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        if (path.equals("/oauth/token")) {
            requireMethod(method, "GET", "POST");
            return token(ex);
        }
        if (path.equals("/v1/datasets")) {
            requireMethod(method, "GET");
            authorize(ex);
            return list(ex);
        }
        String queryPrefix = "/v1/datasets/query/execute/";
        if (path.startsWith(queryPrefix)) {
            requireMethod(method, "POST");
            authorize(ex);
            return query(ex, dataset(decode(path.substring(queryPrefix.length()))));
        }
        if (path.startsWith("/v1/datasets/")) {
            String rest = path.substring("/v1/datasets/".length());
            if (rest.endsWith("/data")) {
                requireMethod(method, "GET");
                authorize(ex);
                return export(ex, dataset(decode(rest.substring(0, rest.length() - "/data".length()))));
            }
            if (!rest.contains("/")) {
                requireMethod(method, "GET");
                authorize(ex);
                return get(ex, dataset(decode(rest)));
            }
        }
        throw new DomoError(404, "Not Found", "No endpoint " + method + " " + path);
    }

    private static void requireMethod(String method, String... allowed) {
        if (!Arrays.asList(allowed).contains(method)) {
            throw new DomoError(405, "Method Not Allowed", "Request method '" + method + "' is not supported");
        }
    }

    private StandinDataset dataset(String id) {
        StandinDataset ds = datasets.get(id);
        if (ds == null) {
            throw new DomoError(404, "Not Found", "DataSet " + id + " was not found");
        }
        return ds;
    }

    // ---------------------------------------------------------------- token

    private int token(HttpExchange ex) throws IOException {
        Map<String, String> params = new LinkedHashMap<>(queryParams(ex.getRequestURI().getRawQuery()));
        if (ex.getRequestMethod().equals("POST")) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            params.putAll(queryParams(body));
        }
        ClientApp client = basicAuth(ex.getRequestHeaders().getFirst("Authorization"));
        String grant = params.get("grant_type");
        if (!"client_credentials".equals(grant)) {
            throw new DomoError(400, "Bad Request", grant == null ? "Missing grant type" : "Unsupported grant type: " + grant);
        }
        Set<String> scopes = client.scopes();
        String requested = params.get("scope");
        if (requested != null && !requested.isBlank()) {
            scopes = new LinkedHashSet<>(Arrays.asList(requested.trim().split("\\s+")));
            for (String s : scopes) {
                if (!client.scopes().contains(s)) {
                    throw new DomoError(400, "Bad Request", "Invalid scope: " + s);
                }
            }
        }
        Instant now = clock.instant();
        long lifetime = tokenLifetime.toSeconds();
        String jti = UUID.randomUUID().toString();
        ObjectNode claims = MAPPER.createObjectNode();
        claims.put("role", "Admin");
        claims.put("customer", customer);
        claims.put("client_id", client.id());
        claims.put("userId", 1);
        claims.putPOJO("scope", List.copyOf(scopes));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + lifetime);
        claims.put("jti", jti);
        ObjectNode body = MAPPER.createObjectNode();
        body.put("access_token", sign(claims));
        body.put("customer", customer);
        body.put("expires_in", lifetime);
        body.put("jti", jti);
        body.put("role", "Admin");
        body.put("scope", String.join(" ", scopes));
        body.put("token_type", "bearer");
        body.put("userId", 1);
        return sendJson(ex, 200, body);
    }

    private ClientApp basicAuth(String header) {
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    ClientApp client = clients.get(decoded.substring(0, colon));
                    if (client != null && MessageDigest.isEqual(client.secret().getBytes(StandardCharsets.UTF_8),
                            decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) {
                        return client;
                    }
                }
            } catch (IllegalArgumentException e) {
                // not base64: same answer as wrong credentials
            }
        }
        throw new DomoError(401, "Unauthorized", "Bad credentials");
    }

    private String sign(ObjectNode claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(hmac(header + "." + payload));
    }

    private byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks the bearer token: signature, expiry and the {@code data} scope. */
    private void authorize(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Unauthorized("Bearer", "Full authentication is required to access this resource");
        }
        String token = header.substring(7).trim();
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !MessageDigest.isEqual(hmac(parts[0] + "." + parts[1]), decodeB64(parts[2]))) {
            throw new Unauthorized("Bearer error=\"invalid_token\", error_description=\"An error occurred while attempting to decode the Jwt: Signed JWT rejected: Invalid signature\"",
                    "Invalid access token");
        }
        JsonNode claims;
        try {
            claims = MAPPER.readTree(decodeB64(parts[1]));
        } catch (IOException e) {
            throw new Unauthorized("Bearer error=\"invalid_token\"", "Invalid access token");
        }
        Instant exp = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (!clock.instant().isBefore(exp)) {
            throw new Unauthorized("Bearer error=\"invalid_token\", error_description=\"An error occurred while attempting to decode the Jwt: Jwt expired at "
                    + exp + "\", error_uri=\"https://tools.ietf.org/html/rfc6750#section-3.1\"", "Jwt expired at " + exp);
        }
        boolean data = false;
        for (JsonNode s : claims.path("scope")) {
            data |= s.asText().equals("data");
        }
        if (!data) {
            throw new DomoError(403, "Forbidden", "The access token lacks the 'data' scope");
        }
    }

    private static byte[] decodeB64(String s) {
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static final class Unauthorized extends DomoError {
        final String wwwAuthenticate;

        Unauthorized(String wwwAuthenticate, String message) {
            super(401, "Unauthorized", message);
            this.wwwAuthenticate = wwwAuthenticate;
        }
    }

    // ---------------------------------------------------------------- DataSets

    private int list(HttpExchange ex) throws IOException {
        Map<String, String> q = queryParams(ex.getRequestURI().getRawQuery());
        int limit = intParam(q, "limit", MAX_LIMIT);
        int offset = intParam(q, "offset", 0);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new DomoError(400, "Bad Request", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0) {
            throw new DomoError(400, "Bad Request", "offset must not be negative, was " + offset);
        }
        String sort = q.get("sort");
        if (sort != null && !SORTS.contains(sort)) {
            throw new DomoError(400, "Bad Request", "Invalid sort value: " + sort);
        }
        String nameLike = q.get("nameLike");
        Stream<StandinDataset> all = datasets.values().stream();
        if (nameLike != null && !nameLike.isEmpty()) {
            String needle = nameLike.toLowerCase(Locale.ROOT);
            all = all.filter(d -> d.name().toLowerCase(Locale.ROOT).contains(needle));
        }
        ArrayNode page = MAPPER.createArrayNode();
        all.sorted(order(sort)).skip(offset).limit(limit).forEach(d -> {
            ObjectNode n = page.addObject();
            n.put("id", d.id());
            n.put("name", d.name());
            if (!d.description().isEmpty()) {
                n.put("description", d.description());
            }
            n.put("rows", d.rows());
            n.put("columns", d.columns().size());
            n.put("createdAt", d.createdAt());
            n.put("updatedAt", d.updatedAt());
        });
        return sendJson(ex, 200, page);
    }

    private static Comparator<StandinDataset> order(String sort) {
        Comparator<StandinDataset> byName = Comparator.comparing((StandinDataset d) -> d.name().toLowerCase(Locale.ROOT))
                .thenComparing(StandinDataset::id);
        Comparator<StandinDataset> byId = Comparator.comparing(StandinDataset::id);
        if (sort == null) {
            return byName;
        }
        return switch (sort) {
            case "nameDescending" -> byName.reversed();
            case "lastTouched", "lastUpdated" -> Comparator.comparing(StandinDataset::updatedAt).reversed().thenComparing(byId);
            case "lastTouchedAscending", "lastUpdatedAscending" -> Comparator.comparing(StandinDataset::updatedAt).thenComparing(byId);
            case "createdAt" -> Comparator.comparing(StandinDataset::createdAt).reversed().thenComparing(byId);
            case "createdAtAscending" -> Comparator.comparing(StandinDataset::createdAt).thenComparing(byId);
            case "dataSourceId" -> byId;
            default -> byName;
        };
    }

    private int get(HttpExchange ex, StandinDataset d) throws IOException {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", d.id());
        n.put("name", d.name());
        n.put("description", d.description());
        ObjectNode owner = n.putObject("owner");
        owner.put("id", d.ownerId());
        owner.put("name", d.ownerName());
        n.put("rows", d.rows());
        n.put("columns", d.columns().size());
        ArrayNode cols = n.putObject("schema").putArray("columns");
        for (StandinDataset.StandinColumn c : d.columns()) {
            cols.addObject().put("type", c.type()).put("name", c.name());
        }
        n.put("createdAt", d.createdAt());
        n.put("updatedAt", d.updatedAt());
        n.put("dataCurrentAt", d.dataCurrentAt());
        n.put("pdpEnabled", false);
        n.putArray("policies");
        return sendJson(ex, 200, n);
    }

    private int export(HttpExchange ex, StandinDataset d) throws IOException {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept != null && !(accept.contains("text/csv") || accept.contains("*/*") || accept.contains("text/*"))) {
            throw new DomoError(406, "Not Acceptable", "Could not find acceptable representation");
        }
        Map<String, String> q = queryParams(ex.getRequestURI().getRawQuery());
        boolean header = Boolean.parseBoolean(q.getOrDefault("includeHeader", "false"));
        String fileName = q.getOrDefault("fileName", d.id() + ".csv");
        ex.getResponseHeaders().set("Content-Type", "text/csv;charset=UTF-8");
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=" + fileName);
        try (InputStream in = Files.newInputStream(d.csvFile())) {
            sendHeaders(ex, 200, 0);
            OutputStream out = ex.getResponseBody();
            if (header) {
                StringBuilder line = new StringBuilder();
                for (StandinDataset.StandinColumn c : d.columns()) {
                    if (!line.isEmpty()) {
                        line.append(',');
                    }
                    line.append('"').append(c.name().replace("\"", "\"\"")).append('"');
                }
                out.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            }
            in.transferTo(out);
            out.close();
        }
        return 200;
    }

    private int query(HttpExchange ex, StandinDataset d) throws IOException {
        JsonNode body;
        try {
            body = MAPPER.readTree(ex.getRequestBody());
        } catch (IOException e) {
            throw new DomoError(400, "Bad Request", "JSON parse error: " + e.getMessage());
        }
        JsonNode sql = body == null ? null : body.get("sql");
        if (sql == null || sql.isNull()) {
            throw new DomoError(400, "Bad Request", "Required property 'sql' is missing");
        }
        if (!sql.isTextual()) {
            throw new DomoError(400, "Bad Request", "Cannot deserialize instance of `java.lang.String` out of "
                    + sql.asToken() + " token");
        }
        QueryHook hook = queryHook;
        if (hook == null) {
            throw new DomoError(400, "Bad Request", "This Domo stand-in has no query engine configured (QueryHook), so it cannot run SQL");
        }
        QueryHook.Result r = hook.execute(d, sql.asText());
        ObjectNode n = MAPPER.createObjectNode();
        n.put("datasource", d.id());
        ArrayNode cols = n.putArray("columns");
        r.columns().forEach(cols::add);
        ArrayNode meta = n.putArray("metadata");
        for (String type : r.types()) {
            meta.addObject().put("type", type).put("dataSourceId", d.id()).put("maxLength", -1).put("minLength", -1)
                    .put("periodIndex", 0);
        }
        n.set("rows", MAPPER.valueToTree(r.rows()));
        n.put("numRows", r.rows().size());
        n.put("numColumns", r.columns().size());
        n.put("fromcache", false);
        return sendJson(ex, 200, n);
    }

    // ---------------------------------------------------------------- answers

    private int answerFault(HttpExchange ex, Fault fault) throws IOException {
        fault.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (fault.body() != null) {
            byte[] bytes = fault.body().getBytes(StandardCharsets.UTF_8);
            sendHeaders(ex, fault.status(), bytes.length == 0 ? -1 : bytes.length);
            ex.getResponseBody().write(bytes);
        } else {
            sendError(ex, fault.status(), reason(fault.status()), "Scripted failure from the Domo stand-in", fault.headers());
        }
        return fault.status();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    private void sendError(HttpExchange ex, int status, String statusReason, String message, Map<String, String> headers)
            throws IOException {
        if (ex.getResponseCode() != -1) {
            return; // headers already sent (failure mid-stream): the client sees a truncated body
        }
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", status);
        body.put("statusReason", statusReason);
        if (message != null) {
            body.put("message", message);
        }
        body.put("toe", UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase(Locale.ROOT));
        sendJson(ex, status, body);
    }

    private int sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        sendHeaders(ex, status, bytes.length);
        ex.getResponseBody().write(bytes);
        return status;
    }

    private static int intParam(Map<String, String> q, String name, int dflt) {
        String v = q.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new DomoError(400, "Bad Request", name + " must be a number, was '" + v + "'");
        }
    }

    private static Map<String, String> queryParams(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(decode(k), decode(v));
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Configures and starts a stand-in. */
    public static final class Builder {
        private int port;
        private final Map<String, ClientApp> clients = new LinkedHashMap<>();
        private final List<Path> folders = new ArrayList<>();
        private final List<StandinDataset> datasets = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Duration tokenLifetime = Duration.ofSeconds(3599);
        private QueryHook queryHook;
        private String customer = "standin";

        private Builder() {
        }

        /** 0 (default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** An API client that may ask for tokens; no scopes given means {@code data user}. */
        public Builder client(String id, String secret, String... scopes) {
            Set<String> s = new LinkedHashSet<>(scopes.length == 0 ? List.of("data", "user") : Arrays.asList(scopes));
            clients.put(id, new ClientApp(id, secret, s));
            return this;
        }

        public Builder datasetsFrom(Path folder) {
            folders.add(folder);
            return this;
        }

        public Builder dataset(StandinDataset dataset) {
            datasets.add(dataset);
            return this;
        }

        /** Clock for token issue and expiry checks (tests move it to expire tokens mid-run). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = lifetime;
            return this;
        }

        public Builder queryHook(QueryHook hook) {
            this.queryHook = hook;
            return this;
        }

        public Builder customer(String customer) {
            this.customer = customer;
            return this;
        }

        public DomoStandin start() {
            try {
                return new DomoStandin(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the Domo stand-in", e);
            }
        }
    }
}
