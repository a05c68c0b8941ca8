package dev.writeback.aws.dynamo;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The opaque page cursor: URL-safe base64 of the last returned item's key attributes as JSON. */
final class PageCursor {
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private PageCursor() {
    }

    static String encode(Map<String, AttributeValue> item, List<String> keyAttributes) {
        Map<String, String> key = new LinkedHashMap<>();
        for (String attribute : keyAttributes) {
            key.put(attribute, item.get(attribute).s());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(key).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The ExclusiveStartKey a cursor stands for, or null for no cursor.
     * {@code InvalidInputException} if it is not one of ours or belongs to another partition.
     */
    static Map<String, AttributeValue> decode(String cursor, List<String> keyAttributes, String partitionAttribute, String partition) {
        if (cursor == null) {
            return null;
        }
        Map<String, String> key;
        try {
            key = Json.MAPPER.readValue(Base64.getUrlDecoder().decode(cursor), MAP);
        } catch (IllegalArgumentException | IOException e) {
            throw invalid();
        }
        if (key == null || !key.keySet().equals(Set.copyOf(keyAttributes)) || key.values().stream().anyMatch(v -> v == null || v.isEmpty())) {
            throw invalid();
        }
        if (!key.get(partitionAttribute).equals(partition)) {
            throw new InvalidInputException("The page cursor belongs to another listing; ask for the first page again without a cursor.");
        }
        Map<String, AttributeValue> start = new LinkedHashMap<>();
        key.forEach((k, v) -> start.put(k, AttributeValue.fromS(v)));
        return start;
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException("The page cursor is not valid; ask for the first page again without a cursor.");
    }
}
