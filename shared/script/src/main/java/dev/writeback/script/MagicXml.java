package dev.writeback.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.writeback.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code datagrid.magicParseXML}: the rows are the repeated element {@code DOMO.parseXML} gives as an array. Walking
 * down from the root element, the first child element that repeats gives one row per occurrence (document order,
 * e.g. {@code BirthdayList.Entry}); where nothing repeats, the walk follows an only child element, and the element
 * it ends on is the one row (none when it is empty, e.g. {@code <BirthdayList/>}). Each row is flattened as
 * {@code magicParseJSON} does (nested elements and attributes as {@code Parent.Child} columns, a repeated element
 * inside a row as JSON text), then typed as {@code magicParseCSV} types its cells; empty values are null.
 */
final class MagicXml {

    /** The text is not well-formed XML (or declares a DOCTYPE). */
    static final class NotXml extends Exception {
        NotXml(String message) {
            super(message);
        }
    }

    static MagicCsv.Parsed parse(String xml) throws NotXml {
        JsonNode document;
        try {
            document = XmlToJson.parse(xml);
        } catch (Exception e) {
            throw new NotXml(e.getMessage());
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode element : rowElements(document)) {
            Map<String, String> row = new LinkedHashMap<>();
            flatten(element, "", row);
            rows.add(row);
        }
        List<String> header = new ArrayList<>();
        rows.forEach(r -> r.keySet().stream().filter(k -> !header.contains(k)).forEach(header::add));
        List<List<String>> body = rows.stream().map(r -> header.stream().map(k -> r.getOrDefault(k, "")).toList()).toList();
        return MagicCsv.typed(header, body);
    }

    private static List<JsonNode> rowElements(JsonNode document) {
        JsonNode node = document.properties().iterator().next().getValue();
        while (node.isObject()) {
            JsonNode only = null;
            int objects = 0;
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                if (child.getValue().isArray()) {
                    List<JsonNode> rows = new ArrayList<>();
                    // a repeated text-only element is a row with one column named after it
                    child.getValue().forEach(row -> rows.add(row.isObject() ? row
                            : JsonNodeFactory.instance.objectNode().set(child.getKey(), row)));
                    return rows;
                }
                if (child.getValue().isObject()) {
                    objects++;
                    only = child.getValue();
                }
            }
            if (objects != 1 || node.size() != 1) {
                break;
            }
            node = only;
        }
        return node.isTextual() && node.asText().isEmpty() ? List.of() : List.of(node);
    }

    private static void flatten(JsonNode node, String prefix, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                if (e.getValue().isObject()) {
                    flatten(e.getValue(), name, out);
                } else {
                    out.put(name, e.getValue().isArray() ? Json.write(e.getValue()) : e.getValue().asText());
                }
            });
        } else {
            out.put(prefix.isEmpty() ? "value" : prefix, node.isArray() ? Json.write(node) : node.asText());
        }
    }

    private MagicXml() {
    }
}
