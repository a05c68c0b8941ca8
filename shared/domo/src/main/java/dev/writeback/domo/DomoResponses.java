package dev.writeback.domo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/** Reading Domo's answers (JSON bodies, column types, query values) and encoding path and query parts. */
final class DomoResponses {
    private DomoResponses() {
    }

    static JsonNode json(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UpstreamException("Domo answered " + response.request().uri().getPath() + " with invalid JSON: " + e.getMessage(), e);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static DomoType type(String datasetId, String column, String type) {
        try {
            return DomoType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new UpstreamException("Domo DataSet '" + datasetId + "' has column '" + column + "' of type '" + type
                    + "', which is not a Domo type Writeback knows (STRING, LONG, DOUBLE, DECIMAL, DATE, DATETIME)");
        }
    }

    static Object value(JsonNode v, DomoType type) {
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
}
