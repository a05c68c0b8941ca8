package dev.writeback.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.WritebackException;
import java.io.UncheckedIOException;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one JSON mapper of the project: ISO dates, no nulls written, unknown fields tolerated on read.
 * Request bodies are read strictly ({@link #readRequest}): no value of one JSON type is coerced into
 * another (a number is not a string, a string not a number or a boolean, a fraction not a whole number),
 * a field given twice or anything after the value is refused.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    /** {@link #MAPPER}, strict about types: for what callers send. */
    private static final ObjectMapper REQUEST_MAPPER = strict(MAPPER.copy());

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail);
        // a string is still a string, an enum, a date or time; a number is still a number
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.DateTime).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert)
                .setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert);
        return mapper;
    }

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads trusted JSON (our own stored documents); a failure is a bug, not bad input. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads JSON sent by a caller; a failure is {@link InvalidInputException} naming the field and what it must be. */
    public static <T> T readRequest(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new InvalidInputException("The request needs a JSON body.");
        }
        T value;
        try {
            value = REQUEST_MAPPER.readValue(json, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof WritebackException meaningful) {
                throw meaningful;
            }
            throw new InvalidInputException(subject(e) + " has a value this operation cannot use.");
        } catch (MismatchedInputException e) {
            Class<?> target = e.getTargetType();
            if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
                throw new InvalidInputException("The request body has more after its JSON value; send one JSON object.", e);
            }
            Object sent = e instanceof InvalidFormatException f ? f.getValue() : null;
            String got = sent instanceof String text ? "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'"
                    : sent instanceof Number ? "a number" : sent instanceof Boolean ? "a boolean" : found(e);
            throw new InvalidInputException(subject(e) + " must be " + expected(target) + "; got " + got + ".", e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("The request body is not valid JSON for this operation: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : "") + ".", e);
        }
        if (value == null) {
            throw new InvalidInputException("The request body must be a JSON object, not null.");
        }
        return value;
    }

    /** The string in Jackson's "Cannot coerce String value ("many") to …", quoted as the caller sent it. */
    private static String quoted(String message) {
        Matcher m = Pattern.compile("String value \\(\"(.*)\"\\)").matcher(message);
        if (!m.find()) {
            return "a string";
        }
        String text = m.group(1);
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
    }

    /** "field authentication.type", "field parameters[0].type", or "the request body". */
    private static String subject(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "The request body" : "Field " + path;
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "a different kind of value";
        }
        if (target.isEnum()) {
            return "one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (target == String.class || target == char.class || target == Character.class) {
            return "a string";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class
                || target == short.class || target == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(target) || target == double.class || target == float.class) {
            return "a number";
        }
        if (Temporal.class.isAssignableFrom(target)) {
            return "an ISO-8601 date or time, e.g. 2025-03-01T09:00:00Z";
        }
        if (target.isArray() || Collection.class.isAssignableFrom(target)) {
            return "a list";
        }
        return "an object";
    }

    /** What the caller sent, from Jackson's "… from Object value (token …)" or "Cannot coerce Integer value" wording. */
    private static String found(MismatchedInputException e) {
        Matcher m = Pattern.compile("(?:from|coerce) (\\w+(?:-point)?) value")
                .matcher(String.valueOf(e.getOriginalMessage()));
        return !m.find() ? "a value of another kind" : switch (m.group(1)) {
            case "Object" -> "an object";
            case "Array" -> "a list";
            case "String" -> quoted(String.valueOf(e.getOriginalMessage()));
            case "Integer", "Floating-point" -> "a number";
            case "Boolean" -> "a boolean";
            case "Null" -> "null";
            default -> "a value of another kind";
        };
    }
}
