package dev.writeback.domo.standin;

import static dev.writeback.domo.standin.StandinAnswers.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The stand-in's DataSets and their endpoints: list, get, CSV export (streamed from the file) and SQL query. */
final class StandinDatasets {
    private static final Set<String> SORTS = Set.of("name", "nameDescending", "lastTouched", "lastTouchedAscending",
            "lastUpdated", "lastUpdatedAscending", "createdAt", "createdAtAscending", "cardCount", "cardCountAscending",
            "cardViewCount", "cardViewCountAscending", "errorState", "errorStateDescending", "dataSourceId");
    private static final int MAX_LIMIT = 50;

    private final Map<String, StandinDataset> datasets = new ConcurrentHashMap<>();
    private volatile QueryHook queryHook;

    StandinDatasets(QueryHook queryHook) {
        this.queryHook = queryHook;
    }

    void add(StandinDataset dataset) {
        datasets.put(dataset.id(), dataset);
    }

    List<StandinDataset> all() {
        return datasets.values().stream().sorted(Comparator.comparing(StandinDataset::id)).toList();
    }

    void queryHook(QueryHook hook) {
        this.queryHook = hook;
    }

    StandinDataset get(String id) {
        StandinDataset ds = datasets.get(id);
        if (ds == null) {
            throw new StandinError(404, "Not Found", "DataSet " + id + " was not found");
        }
        return ds;
    }

    /** {@code GET /v1/datasets}: a page of summaries. */
    ArrayNode list(Map<String, String> q) {
        int limit = intParam(q, "limit", MAX_LIMIT);
        int offset = intParam(q, "offset", 0);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new StandinError(400, "Bad Request", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0) {
            throw new StandinError(400, "Bad Request", "offset must not be negative, was " + offset);
        }
        String sort = q.get("sort");
        if (sort != null && !SORTS.contains(sort)) {
            throw new StandinError(400, "Bad Request", "Invalid sort value: " + sort);
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
        return page;
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

    /** {@code GET /v1/datasets/{id}}: the DataSet with its schema. */
    static ObjectNode describe(StandinDataset d) {
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
        return n;
    }

    /** {@code GET /v1/datasets/{id}/data}: the CSV file streamed, with a quoted header line when asked for. */
    static void export(HttpExchange ex, StandinDataset d, Map<String, String> q, StandinAnswers answers) throws IOException {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept != null && !(accept.contains("text/csv") || accept.contains("*/*") || accept.contains("text/*"))) {
            throw new StandinError(406, "Not Acceptable", "Could not find acceptable representation");
        }
        boolean header = Boolean.parseBoolean(q.getOrDefault("includeHeader", "false"));
        String fileName = q.getOrDefault("fileName", d.id() + ".csv");
        ex.getResponseHeaders().set("Content-Type", "text/csv;charset=UTF-8");
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=" + fileName);
        try (InputStream in = Files.newInputStream(d.csvFile())) {
            answers.record(ex, 200);
            ex.sendResponseHeaders(200, 0);
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
    }

    /** {@code POST /v1/datasets/query/execute/{id}}: {@code {"sql": ...}} run by the query hook. */
    ObjectNode query(StandinDataset d, InputStream request) {
        JsonNode body;
        try {
            body = MAPPER.readTree(request);
        } catch (IOException e) {
            throw new StandinError(400, "Bad Request", "JSON parse error: " + e.getMessage());
        }
        JsonNode sql = body == null ? null : body.get("sql");
        if (sql == null || sql.isNull()) {
            throw new StandinError(400, "Bad Request", "Required property 'sql' is missing");
        }
        if (!sql.isTextual()) {
            throw new StandinError(400, "Bad Request", "Cannot deserialize instance of `java.lang.String` out of "
                    + sql.asToken() + " token");
        }
        QueryHook hook = queryHook;
        if (hook == null) {
            throw new StandinError(400, "Bad Request", "This Domo stand-in has no query engine configured (QueryHook), so it cannot run SQL");
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
        return n;
    }

    private static int intParam(Map<String, String> q, String name, int dflt) {
        String v = q.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new StandinError(400, "Bad Request", name + " must be a number, was '" + v + "'");
        }
    }
}
