package dev.writeback.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
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

/** The one JSON mapper of the project: ISO dates, no nulls written, unknown fields tolerated on read. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

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
            value = MAPPER.readValue(json, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof WritebackException meaningful) {
                throw meaningful;
            }
            throw new InvalidInputException(subject(e) + " has a value this operation cannot use.");
        } catch (MismatchedInputException e) {
            Class<?> target = e.getTargetType();
            String got = e instanceof InvalidFormatException f
                    ? "'" + f.getValue() + "'" : found(e);
            throw new InvalidInputException(subject(e) + " must be " + expected(target) + "; got " + got + ".");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("The request body is not valid JSON for this operation: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : "") + ".");
        }
        if (value == null) {
            throw new InvalidInputException("The request body must be a JSON object, not null.");
        }
        return value;
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

    /** What the caller sent, from Jackson's "… from Object value (token …)" wording. */
    private static String found(MismatchedInputException e) {
        Matcher m = Pattern.compile("from (\\w+(?:-point)?) value")
                .matcher(String.valueOf(e.getOriginalMessage()));
        return !m.find() ? "a value of another kind" : switch (m.group(1)) {
            case "Object" -> "an object";
            case "Array" -> "a list";
            case "String" -> "a string";
            case "Integer", "Floating-point" -> "a number";
            case "Boolean" -> "a boolean";
            case "Null" -> "null";
            default -> "a value of another kind";
        };
    }
}
