package dev.writeback.local.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A connector kept as a folder, so authors keep connectors in Git: {@code connector.json}
 * (name, description, authentication, reports, parameters, saveDatabaseBetweenRuns, icons, visibility), {@code auth.js},
 * {@code process.js}, {@code discovery.js} when a parameter is discovered, and PNG icons. Secrets are never in the folder: they are given when pushing.
 */
public record ConnectorFolder(Path folder, JsonNode descriptor) {
    public static final String DESCRIPTOR = "connector.json";

    public static ConnectorFolder read(Path folder) {
        Path file = folder.resolve(DESCRIPTOR);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(folder + " is not a connector folder: it has no " + DESCRIPTOR + ".");
        }
        try {
            return new ConnectorFolder(folder, Json.MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not valid JSON: " + e.getMessage());
        }
    }

    /** Creates the connector through the API and uploads everything the folder holds. Returns the connector id. */
    public String push(WritebackClient api, String domoClientKey, String domoClientSecret, String oauthClientSecret) {
        ObjectNode create = Json.MAPPER.createObjectNode();
        create.put("name", descriptor.path("name").asText(null));
        create.put("description", descriptor.path("description").asText(null));
        String id = api.post("/connectors", create).path("connectorId").asText();
        upload(api, id, domoClientKey, domoClientSecret, oauthClientSecret);
        return id;
    }

    /**
     * Makes connector {@code id}'s draft what the folder holds (name, description, settings, authentication, Domo
     * client, scripts, icons); editing a published version starts its next draft.
     */
    public void pushInto(WritebackClient api, String id, String domoClientKey, String domoClientSecret,
                         String oauthClientSecret) {
        ObjectNode names = Json.MAPPER.createObjectNode();
        names.put("name", descriptor.path("name").asText(null));
        names.put("description", descriptor.path("description").asText(null));
        api.patch("/connectors/" + id, names);
        upload(api, id, domoClientKey, domoClientSecret, oauthClientSecret);
    }

    private void upload(WritebackClient api, String id, String domoClientKey, String domoClientSecret, String oauthClientSecret) {
        ObjectNode update = Json.MAPPER.createObjectNode();
        update.set("reports", descriptor.path("reports"));
        update.set("parameters", descriptor.path("parameters"));
        if (descriptor.has("saveDatabaseBetweenRuns")) {
            update.set("saveDatabaseBetweenRuns", descriptor.get("saveDatabaseBetweenRuns"));
        }
        api.patch("/connectors/" + id, update);
        if (descriptor.has("authentication")) {
            ObjectNode auth = Json.MAPPER.createObjectNode();
            auth.set("authentication", descriptor.get("authentication"));
            if (oauthClientSecret != null) {
                auth.put("clientSecret", oauthClientSecret);
            }
            api.putJson("/connectors/" + id + "/authentication", auth);
        }
        api.putJson("/connectors/" + id + "/domo-client", Map.of("clientKey", domoClientKey, "clientSecret", domoClientSecret));
        for (String kind : new String[] {"auth", "process", "discovery"}) {
            Path script = folder.resolve(kind + ".js");
            if (Files.isRegularFile(script)) {
                api.putBytes("/connectors/" + id + "/scripts/" + kind, "application/javascript", readBytes(script));
            }
        }
        for (Map.Entry<String, String> icon : icons().entrySet()) {
            api.putBytes("/connectors/" + id + "/icons/" + icon.getKey(), "image/png", readBytes(folder.resolve(icon.getValue())));
        }
    }

    /** Writes a connector's latest version from the API into {@code target} (secrets are not included). */
    public static ConnectorFolder pull(WritebackClient api, String connectorId, Path target) {
        JsonNode v = api.get("/connectors/" + connectorId);
        ObjectNode descriptor = Json.MAPPER.createObjectNode();
        descriptor.put("name", v.path("name").asText());
        descriptor.put("description", v.path("description").asText(null));
        ObjectNode auth = ((ObjectNode) v.path("authentication").deepCopy());
        auth.remove("clientSecretSet");
        descriptor.set("authentication", auth);
        descriptor.set("reports", v.path("reports"));
        descriptor.set("parameters", v.path("parameters"));
        if (v.path("saveDatabaseBetweenRuns").asBoolean(false)) {
            descriptor.put("saveDatabaseBetweenRuns", true);
        }
        ObjectNode icons = Json.MAPPER.createObjectNode();
        try {
            Files.createDirectories(target);
            for (JsonNode kind : v.path("icons")) {
                String slug = kind.asText().toLowerCase(Locale.ROOT).replace('_', '-');
                Files.write(target.resolve(slug + ".png"), api.getBytes("/connectors/" + connectorId + "/icons/" + slug));
                icons.put(slug, slug + ".png");
            }
            descriptor.set("icons", icons);
            descriptor.put("visibility", v.path("visibility").asText("PRIVATE"));
            for (JsonNode kind : v.path("scripts")) {
                String name = kind.asText().toLowerCase(Locale.ROOT);
                Files.write(target.resolve(name + ".js"), api.getBytes("/connectors/" + connectorId + "/scripts/" + name));
            }
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(target.resolve(DESCRIPTOR).toFile(), descriptor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ConnectorFolder(target, descriptor);
    }

    public String visibility() {
        return descriptor.path("visibility").asText("PRIVATE");
    }

    private Map<String, String> icons() {
        Map<String, String> icons = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : descriptor.path("icons").properties()) {
            icons.put(e.getKey(), e.getValue().asText());
        }
        return icons;
    }

    private static byte[] readBytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
