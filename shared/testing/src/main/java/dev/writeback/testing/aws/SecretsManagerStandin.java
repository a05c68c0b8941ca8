package dev.writeback.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A wire-compatible AWS Secrets Manager (awsJson1.1) on a loopback port, for the real SDK client:
 * CreateSecret, GetSecretValue, PutSecretValue, DescribeSecret, UpdateSecret, DeleteSecret,
 * RestoreSecret and ListSecrets, with version ids taken from {@code ClientRequestToken}
 * (a repeated token is an idempotent retry), AWSCURRENT/AWSPREVIOUS staging, soft deletion with a
 * recovery window and the error types the SDK maps to its exceptions. Signatures are not checked.
 */
public final class SecretsManagerStandin implements AutoCloseable {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Map<String, Secret> secrets = new TreeMap<>();
    private HttpServer server;
    private ExecutorService executor;

    public SecretsManagerStandin() {
        this(Clock.systemUTC());
    }

    public SecretsManagerStandin(Clock clock) {
        this.clock = clock;
    }

    /** Starts on a free loopback port; returns this. */
    public SecretsManagerStandin start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(Loopback.HOST, 0), 0);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "secrets-manager-standin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    public URI endpoint() {
        return URI.create("http://" + Loopback.HOST + ":" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = dispatch(exchange);
            } catch (AwsError e) {
                ObjectNode body = JSON.createObjectNode().put("__type", e.type).put("message", e.getMessage());
                exchange.getResponseHeaders().set("X-Amzn-ErrorType", e.type + ":");
                response = new Response(400, body);
            } catch (RuntimeException e) {
                ObjectNode body = JSON.createObjectNode().put("__type", "InternalServiceError").put("message", String.valueOf(e));
                response = new Response(500, body);
            }
            byte[] bytes = JSON.writeValueAsBytes(response.body);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(response.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Response dispatch(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new AwsError("UnknownOperationException", "Only POST / is served.");
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith("secretsmanager.")) {
            throw new AwsError("UnknownOperationException", "Missing or foreign X-Amz-Target: " + target);
        }
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            request = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            throw new AwsError("SerializationException", "The request body is not JSON.");
        }
        if (!request.isObject()) {
            throw new AwsError("SerializationException", "The request body is not a JSON object.");
        }
        String operation = target.substring("secretsmanager.".length());
        synchronized (secrets) {
            ObjectNode body = switch (operation) {
                case "CreateSecret" -> createSecret(request);
                case "GetSecretValue" -> getSecretValue(request);
                case "PutSecretValue" -> putSecretValue(request);
                case "DescribeSecret" -> describeSecret(request);
                case "UpdateSecret" -> updateSecret(request);
                case "DeleteSecret" -> deleteSecret(request);
                case "RestoreSecret" -> restoreSecret(request);
                case "ListSecrets" -> listSecrets(request);
                default -> throw new AwsError("UnknownOperationException", "Operation " + operation + " is not supported by the stand-in.");
            };
            return new Response(200, body);
        }
    }

    private ObjectNode createSecret(JsonNode request) {
        String name = required(request, "Name");
        if (!name.matches("[A-Za-z0-9/_+=.@-]{1,512}")) {
            throw new AwsError("InvalidParameterException", "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        }
        Value value = value(request);
        String token = token(request);
        Secret existing = secrets.get(name);
        if (existing != null) {
            if (existing.deletedDate != null) {
                throw new AwsError("InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.");
            }
            Version retried = existing.versions.get(token);
            if (value != null && retried != null && retried.value.equals(value)) {
                return identity(existing).put("VersionId", token);
            }
            throw new AwsError("ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        Secret secret = new Secret(name, arn(name), clock.instant());
        secret.description = text(request, "Description");
        secret.kmsKeyId = text(request, "KmsKeyId");
        secrets.put(name, secret);
        ObjectNode response = identity(secret);
        if (value != null) {
            addVersion(secret, token, value, List.of(CURRENT));
            response.put("VersionId", token);
        }
        return response;
    }

    private ObjectNode getSecretValue(JsonNode request) {
        Secret secret = live(find(request), "GetSecretValue");
        String versionId = text(request, "VersionId");
        String stage = text(request, "VersionStage");
        Map.Entry<String, Version> found = null;
        if (versionId != null) {
            Version version = secret.versions.get(versionId);
            if (version == null || (stage != null && !version.stages.contains(stage))) {
                throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
            }
            found = Map.entry(versionId, version);
        } else {
            String wanted = stage == null ? CURRENT : stage;
            for (Map.Entry<String, Version> e : secret.versions.entrySet()) {
                if (e.getValue().stages.contains(wanted)) {
                    found = e;
                }
            }
            if (found == null) {
                throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: " + wanted);
            }
        }
        ObjectNode response = identity(secret).put("VersionId", found.getKey());
        found.getValue().value.writeTo(response);
        ArrayNode stages = response.putArray("VersionStages");
        found.getValue().stages.forEach(stages::add);
        response.put("CreatedDate", epochSeconds(found.getValue().created));
        return response;
    }

    private ObjectNode putSecretValue(JsonNode request) {
        Secret secret = live(find(request), "PutSecretValue");
        Value value = value(request);
        if (value == null) {
            throw new AwsError("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
        }
        List<String> stages = new ArrayList<>();
        if (request.has("VersionStages")) {
            request.get("VersionStages").forEach(s -> stages.add(s.asText()));
        } else {
            stages.add(CURRENT);
        }
        String token = token(request);
        Version retried = secret.versions.get(token);
        if (retried != null) {
            if (!retried.value.equals(value)) {
                throw new AwsError("ResourceExistsException", "A version with VersionId " + token + " already exists with different secret data.");
            }
        } else {
            addVersion(secret, token, value, stages);
        }
        ObjectNode response = identity(secret).put("VersionId", token);
        ArrayNode stageArray = response.putArray("VersionStages");
        secret.versions.get(token).stages.forEach(stageArray::add);
        return response;
    }

    private ObjectNode describeSecret(JsonNode request) {
        return describe(find(request));
    }

    private ObjectNode updateSecret(JsonNode request) {
        Secret secret = live(find(request), "UpdateSecret");
        if (request.has("Description")) {
            secret.description = text(request, "Description");
        }
        if (request.has("KmsKeyId")) {
            secret.kmsKeyId = text(request, "KmsKeyId");
        }
        secret.lastChanged = clock.instant();
        ObjectNode response = identity(secret);
        Value value = value(request);
        if (value != null) {
            String token = token(request);
            Version retried = secret.versions.get(token);
            if (retried == null) {
                addVersion(secret, token, value, List.of(CURRENT));
            } else if (!retried.value.equals(value)) {
                throw new AwsError("ResourceExistsException", "A version with VersionId " + token + " already exists with different secret data.");
            }
            response.put("VersionId", token);
        }
        return response;
    }

    private ObjectNode deleteSecret(JsonNode request) {
        Secret secret = find(request);
        boolean force = request.path("ForceDeleteWithoutRecovery").asBoolean(false);
        boolean windowGiven = request.hasNonNull("RecoveryWindowInDays");
        if (force && windowGiven) {
            throw new AwsError("InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        Instant now = clock.instant();
        ObjectNode response = identity(secret);
        if (force) {
            secrets.remove(secret.name);
            response.put("DeletionDate", epochSeconds(now));
            return response;
        }
        long days = windowGiven ? request.get("RecoveryWindowInDays").asLong() : 30;
        if (days < 7 || days > 30) {
            throw new AwsError("InvalidParameterException", "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        if (secret.deletedDate != null) {
            throw new AwsError("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");
        }
        secret.deletedDate = now;
        secret.deletionDate = now.plus(Duration.ofDays(days));
        response.put("DeletionDate", epochSeconds(secret.deletionDate));
        return response;
    }

    private ObjectNode restoreSecret(JsonNode request) {
        Secret secret = find(request);
        secret.deletedDate = null;
        secret.deletionDate = null;
        secret.lastChanged = clock.instant();
        return identity(secret);
    }

    private ObjectNode listSecrets(JsonNode request) {
        boolean includePlanned = request.path("IncludePlannedDeletion").asBoolean(false);
        int max = request.path("MaxResults").asInt(100);
        if (max < 1 || max > 100) {
            throw new AwsError("InvalidParameterException", "MaxResults must be between 1 and 100.");
        }
        List<Secret> matching = new ArrayList<>();
        for (Secret secret : secrets.values()) {
            if ((includePlanned || secret.deletedDate == null) && matches(secret, request.path("Filters"))) {
                matching.add(secret);
            }
        }
        int start = 0;
        String next = text(request, "NextToken");
        if (next != null) {
            try {
                start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(next), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new AwsError("InvalidNextTokenException", "The NextToken value is invalid.");
            }
        }
        ObjectNode response = JSON.createObjectNode();
        ArrayNode list = response.putArray("SecretList");
        int end = Math.min(matching.size(), start + max);
        for (int i = start; i < end; i++) {
            list.add(describe(matching.get(i)));
        }
        if (end < matching.size()) {
            response.put("NextToken", Base64.getUrlEncoder().encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
        }
        return response;
    }

    private static boolean matches(Secret secret, JsonNode filters) {
        for (JsonNode filter : filters) {
            String key = filter.path("Key").asText();
            boolean any = false;
            for (JsonNode v : filter.path("Values")) {
                String value = v.asText();
                boolean negate = value.startsWith("!");
                String prefix = negate ? value.substring(1) : value;
                boolean hit = switch (key) {
                    case "name" -> secret.name.startsWith(prefix);
                    case "description" -> secret.description != null && secret.description.startsWith(prefix);
                    case "all" -> secret.name.startsWith(prefix) || (secret.description != null && secret.description.startsWith(prefix));
                    default -> throw new AwsError("InvalidParameterException", "Unsupported filter key " + key + ".");
                };
                any |= hit != negate;
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private void addVersion(Secret secret, String token, Value value, List<String> stages) {
        Instant now = clock.instant();
        for (String stage : stages) {
            for (Version other : secret.versions.values()) {
                if (other.stages.remove(stage) && CURRENT.equals(stage)) {
                    secret.versions.values().forEach(v -> v.stages.remove(PREVIOUS));
                    other.stages.add(PREVIOUS);
                }
            }
        }
        secret.versions.put(token, new Version(value, now, new HashSet<>(stages)));
        secret.lastChanged = now;
    }

    private Secret find(JsonNode request) {
        String id = required(request, "SecretId");
        Secret secret = secrets.get(id);
        if (secret == null) {
            secret = secrets.values().stream().filter(s -> s.arn.equals(id)).findFirst().orElse(null);
        }
        if (secret == null) {
            throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        return secret;
    }

    private static Secret live(Secret secret, String operation) {
        if (secret.deletedDate != null) {
            throw new AwsError("InvalidRequestException",
                    "You can't perform this operation (" + operation + ") on the secret because it was marked for deletion.");
        }
        return secret;
    }

    private ObjectNode describe(Secret secret) {
        ObjectNode response = identity(secret);
        if (secret.description != null) {
            response.put("Description", secret.description);
        }
        if (secret.kmsKeyId != null) {
            response.put("KmsKeyId", secret.kmsKeyId);
        }
        response.put("CreatedDate", epochSeconds(secret.created));
        response.put("LastChangedDate", epochSeconds(secret.lastChanged));
        if (secret.deletedDate != null) {
            response.put("DeletedDate", epochSeconds(secret.deletedDate));
        }
        ObjectNode stages = response.putObject("VersionIdsToStages");
        secret.versions.forEach((id, version) -> {
            if (!version.stages.isEmpty()) {
                ArrayNode array = stages.putArray(id);
                version.stages.stream().sorted().forEach(array::add);
            }
        });
        return response;
    }

    private static ObjectNode identity(Secret secret) {
        return JSON.createObjectNode().put("ARN", secret.arn).put("Name", secret.name);
    }

    private static String arn(String name) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-" + suffix;
    }

    private static Value value(JsonNode request) {
        boolean string = request.hasNonNull("SecretString");
        boolean binary = request.hasNonNull("SecretBinary");
        if (string && binary) {
            throw new AwsError("InvalidParameterException", "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        if (string) {
            return new Value(request.get("SecretString").asText(), null);
        }
        if (binary) {
            try {
                return new Value(null, Base64.getDecoder().decode(request.get("SecretBinary").asText()));
            } catch (IllegalArgumentException e) {
                throw new AwsError("InvalidParameterException", "SecretBinary is not valid base64.");
            }
        }
        return null;
    }

    private static String token(JsonNode request) {
        String token = text(request, "ClientRequestToken");
        if (token == null) {
            return UUID.randomUUID().toString();
        }
        if (token.length() < 32 || token.length() > 64) {
            throw new AwsError("InvalidParameterException", "ClientRequestToken must be 32 to 64 characters long.");
        }
        return token;
    }

    private static String required(JsonNode request, String field) {
        String value = text(request, field);
        if (value == null || value.isEmpty()) {
            throw new AwsError("InvalidParameterException", field + " is required.");
        }
        return value;
    }

    private static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private record Response(int status, ObjectNode body) {
    }

    private static final class Secret {
        final String name;
        final String arn;
        final Instant created;
        final Map<String, Version> versions = new LinkedHashMap<>();
        Instant lastChanged;
        String description;
        String kmsKeyId;
        Instant deletedDate;
        Instant deletionDate;

        Secret(String name, String arn, Instant created) {
            this.name = name;
            this.arn = arn;
            this.created = created;
            this.lastChanged = created;
        }
    }

    private record Version(Value value, Instant created, Set<String> stages) {
    }

    private record Value(String string, byte[] binary) {
        void writeTo(ObjectNode node) {
            if (string != null) {
                node.put("SecretString", string);
            } else {
                node.put("SecretBinary", Base64.getEncoder().encodeToString(binary));
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Value v && Objects.equals(string, v.string) && Arrays.equals(binary, v.binary);
        }

        @Override
        public int hashCode() {
            return Objects.hash(string, Arrays.hashCode(binary));
        }
    }

    private static final class AwsError extends RuntimeException {
        final String type;

        AwsError(String type, String message) {
            super(message);
            this.type = type;
        }
    }
}
