package dev.writeback.testing.openapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API description ({@code openapi.yaml}) as a test oracle: {@link #check} fails unless a response is
 * documented for its operation (method and path template) and status (else the {@code 4XX} range, else
 * {@code default}), carries a documented content type, and its JSON body validates against the documented
 * schema with JSON Schema 2020-12.
 *
 * <p>Responses are checked against a response view of the schemas: every object schema that lists
 * {@code properties} is closed ({@code unevaluatedProperties: false}, so a field the description lacks fails)
 * and {@code writeOnly} properties are removed from it (so a secret sent back fails). The description itself
 * stays open so that clients built from it tolerate fields added later. Documented properties a body carries
 * are recorded per component schema ({@link #unseen}) so tests can tell which optional ones they never saw.
 */
public final class OpenApiContract {
    private static final String DOCUMENT = "https://writeback.dev/openapi.json";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode document;
    private final JsonNode responseView;
    private final SchemaRegistry registry;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode document) {
        this.document = document;
        this.responseView = document.deepCopy();
        close(responseView.path("components").path("schemas"), false, true);
        responseView.path("components").path("responses")
                .forEach(r -> r.path("content").forEach(media -> close(media.path("schema"), false, false)));
        responseView.path("paths").forEach(item -> item.forEach(operation -> operation.path("responses")
                .forEach(r -> r.path("content").forEach(media -> close(media.path("schema"), false, false)))));
        String json = responseView.toString();
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b
                .schemas(Map.of(DOCUMENT, json))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** The repository's {@code openapi.yaml} (found from the working directory up), loaded once per JVM. */
    public static OpenApiContract repository() {
        return Repository.CONTRACT;
    }

    private static final class Repository {
        static final OpenApiContract CONTRACT = load(repositoryDescription());
    }

    public static OpenApiContract load(Path yaml) {
        try {
            return parse(Files.readString(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OpenApiContract parse(String yaml) {
        try {
            return new OpenApiContract(YAML.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryDescription() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("openapi.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("openapi.yaml");
            }
        }
        throw new IllegalStateException("no openapi.yaml in " + Path.of("").toAbsolutePath() + " or above");
    }

    /** {@link #check(String, String, int, String, byte[])} with the response's headers (any letter case). */
    public void check(String method, String path, int status, Map<String, String> headers, byte[] body) {
        String contentType = headers == null ? null : headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("content-type")).map(Map.Entry::getValue).findFirst()
                .orElse(null);
        check(method, path, status, contentType, body);
    }

    /**
     * Fails with an {@link AssertionError} saying what differs unless the response is what the description says
     * {@code method path} answers with {@code status}.
     *
     * @param path the request path, with or without its query
     * @param contentType the response's {@code Content-Type} header, or null if it had none
     */
    public void check(String method, String path, int status, String contentType, byte[] body) {
        String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String call = method.toUpperCase(Locale.ROOT) + " " + rawPath + " → " + status;
        String template = template(rawPath);
        JsonNode operation = template == null ? null
                : document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation == null || !operation.isObject()) {
            String undocumented = template == null ? "openapi.yaml documents no path " + rawPath
                    : "openapi.yaml documents no " + method.toUpperCase(Locale.ROOT) + " on " + template;
            checkUnserved(call + ": " + undocumented, status, contentType, body);
            return;
        }
        String key = responseKey(operation.path("responses"), status);
        if (key == null) {
            throw new AssertionError(call + ": openapi.yaml documents no status " + status + " for " + method + " "
                    + template + " (documented: " + names(operation.path("responses")) + ")");
        }
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + key;
        JsonNode response = operation.path("responses").path(key);
        if (response.has("$ref")) {
            pointer = response.path("$ref").asText().substring(1);
            response = document.at(pointer);
        }
        String documented = call + " (" + template + ", response " + key + ")";
        JsonNode content = response.path("content");
        String mediaType = contentType == null ? null : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && body.length > 0) {
                throw new AssertionError(documented + ": documented without a body, but the answer has one ("
                        + mediaType + "): " + excerpt(body));
            }
            return;
        }
        if (mediaType == null || !content.has(mediaType)) {
            throw new AssertionError(documented + ": Content-Type " + contentType + " is not documented (documented: "
                    + names(content) + "); body: " + excerpt(body));
        }
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            return;
        }
        JsonNode json = json(documented, body);
        JsonNode schema = content.path(mediaType).path("schema");
        if (schema.isMissingNode()) {
            return;
        }
        String schemaPointer = pointer + "/content/" + escape(mediaType) + "/schema";
        List<Error> errors = schemaAt(schemaPointer).validate(json);
        if (!errors.isEmpty()) {
            StringBuilder message = new StringBuilder(documented).append(": the body does not match ")
                    .append(schema.has("$ref") ? schema.path("$ref").asText() : "#" + schemaPointer).append(':');
            errors.forEach(e -> {
                String at = e.getInstanceLocation().toString();
                message.append("\n  ").append(at.isEmpty() ? "/" : at).append(' ').append(e.getMessage());
            });
            throw new AssertionError(message.append("\nbody: ").append(excerpt(body)).toString());
        }
        record(responseView.at(schemaPointer), json, null);
    }

    /** What nobody serves may only be refused: a 404 or 405 problem, as every error is. */
    private void checkUnserved(String undocumented, int status, String contentType, byte[] body) {
        if (status != 404 && status != 405) {
            throw new AssertionError(undocumented + ", yet it answered " + status + ": " + excerpt(body));
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/problem+json")) {
            throw new AssertionError(undocumented + ", and its refusal is not application/problem+json but " + contentType);
        }
        List<Error> errors = schemaAt("/components/schemas/Problem").validate(json(undocumented, body));
        if (!errors.isEmpty()) {
            throw new AssertionError(undocumented + ", and its refusal is not a Problem: " + errors + "; body: " + excerpt(body));
        }
    }

    private Schema schemaAt(String pointer) {
        return compiled.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(DOCUMENT + "#" + p)));
    }

    private static JsonNode json(String call, byte[] body) {
        if (body == null || body.length == 0) {
            throw new AssertionError(call + ": documented with a JSON body, but the answer has none");
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(call + ": the body is not JSON: " + excerpt(body), e);
        }
    }

    /**
     * The properties component schema {@code name} documents that no checked response carried, to show what the
     * tests never saw sent (optional properties a journey should reach, or ones the code never sends).
     */
    public Set<String> unseen(String name) {
        JsonNode schema = responseView.path("components").path("schemas").path(name);
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("openapi.yaml has no schema " + name);
        }
        Set<String> unseen = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(unseen::add);
        schema.path("allOf").forEach(member -> member.path("properties").fieldNames().forEachRemaining(unseen::add));
        unseen.removeAll(seen.getOrDefault(name, Set.of()));
        return unseen;
    }

    private String template(String rawPath) {
        String[] got = rawPath.replaceAll("^/|/$", "").split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
            String candidate = it.next();
            String[] want = candidate.replaceAll("^/|/$", "").split("/", -1);
            if (want.length != got.length) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < want.length && matches; i++) {
                if (want[i].startsWith("{") && want[i].endsWith("}")) {
                    matches = !got[i].isEmpty();
                } else {
                    matches = want[i].equals(got[i]);
                    literals++;
                }
            }
            if (matches && literals > bestLiterals) {
                best = candidate;
                bestLiterals = literals;
            }
        }
        return best;
    }

    private static String responseKey(JsonNode responses, int status) {
        String exact = Integer.toString(status);
        String range = (status / 100) + "XX";
        for (String key : List.of(exact, range, "default")) {
            if (responses.has(key)) {
                return key;
            }
        }
        return null;
    }

    /** Closes object schemas and drops writeOnly properties, in place; a branch of allOf stays open (its parent closes). */
    private void close(JsonNode node, boolean branch, boolean mapOfSchemas) {
        if (mapOfSchemas) {
            node.forEach(s -> close(s, false, false));
            return;
        }
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if (schema.path("properties") instanceof ObjectNode properties) {
            List<String> writeOnly = new ArrayList<>();
            properties.fields().forEachRemaining(p -> {
                if (p.getValue().path("writeOnly").asBoolean(false)) {
                    writeOnly.add(p.getKey());
                }
            });
            properties.remove(writeOnly);
            if (schema.path("required") instanceof ArrayNode required) {
                for (int i = required.size() - 1; i >= 0; i--) {
                    if (writeOnly.contains(required.get(i).asText())) {
                        required.remove(i);
                    }
                }
            }
            properties.forEach(p -> close(p, false, false));
        }
        if (schema.path("allOf") instanceof ArrayNode allOf) {
            for (int i = 0; i < allOf.size(); i++) {
                JsonNode member = allOf.get(i);
                if (member.has("$ref")) {
                    member = document.at(member.path("$ref").asText().substring(1)).deepCopy();
                    allOf.set(i, member);
                }
                close(member, true, false);
            }
        }
        boolean declaresShape = schema.has("properties") || schema.has("allOf");
        if (declaresShape && !branch && !schema.has("additionalProperties") && !schema.has("unevaluatedProperties")) {
            schema.set("unevaluatedProperties", BooleanNode.FALSE);
        }
        for (String key : List.of("items", "additionalProperties", "unevaluatedProperties", "not")) {
            close(schema.path(key), false, false);
        }
        for (String key : List.of("anyOf", "oneOf", "prefixItems")) {
            schema.path(key).forEach(s -> close(s, false, false));
        }
        close(schema.path("$defs"), false, true);
    }

    /** Notes which documented properties of each component schema the body carried. */
    private void record(JsonNode schema, JsonNode value, String component) {
        if (schema.has("$ref") && schema.path("$ref").asText().startsWith(SCHEMAS)) {
            String name = schema.path("$ref").asText().substring(SCHEMAS.length());
            record(responseView.path("components").path("schemas").path(name), value, name);
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            value.fieldNames().forEachRemaining(field -> {
                if (properties.has(field)) {
                    if (component != null) {
                        seen.computeIfAbsent(component, c -> ConcurrentHashMap.newKeySet()).add(field);
                    }
                    record(properties.path(field), value.path(field), null);
                } else if (schema.path("additionalProperties").isObject()) {
                    record(schema.path("additionalProperties"), value.path(field), null);
                }
            });
            schema.path("allOf").forEach(member -> record(member, value, component));
        } else if (value.isArray() && schema.path("items").isObject()) {
            value.forEach(item -> record(schema.path("items"), item, null));
        }
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static String excerpt(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
    }
}
