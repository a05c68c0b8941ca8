package dev.writeback.api;

import dev.writeback.core.access.Caller;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One HTTP API request as a handler sees it: header names are lower case; the caller is resolved
 * only when a route asks for it. {@code apiBaseUrl} is the public URL of the API the request came
 * through ({@code https://domain} plus {@code /stage} for a named stage), or null when the event
 * does not say.
 */
public record HttpApiRequest(String method, String path, Map<String, String> pathParameters,
                          Map<String, String> query, Map<String, String> headers, byte[] body,
                          Supplier<Caller> callerSupplier, String apiBaseUrl) {

    public Caller caller() {
        return callerSupplier.get();
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The body as text: it must be valid UTF-8, and may not hold U+FFFD, the replacement character a
     * transport puts where it met bytes that were not UTF-8 (JSON and JavaScript can still say it as
     * {@code \uFFFD}). Either is a 400 rather than text stored with characters lost.
     */
    public String bodyText() {
        if (body == null || body.length == 0) {
            return "";
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("The request body is not valid UTF-8 (" + e.getMessage()
                    + "); send text encoded as UTF-8.", e);
        }
        int replaced = text.indexOf('\uFFFD');
        if (replaced >= 0) {
            throw new InvalidInputException("The request body holds U+FFFD, the replacement character, at character " + replaced
                    + ": it was not valid UTF-8 when it reached the API. Send text encoded as UTF-8"
                    + " (to mean that character itself, write it as \\uFFFD).");
        }
        return text;
    }

    /** The JSON body as a {@code type}; 400 naming what is wrong if it is not. */
    public <T> T json(Class<T> type) {
        return Json.readRequest(bodyText(), type);
    }

    public int intQuery(String name, int fallback) {
        String v = query.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("Query parameter " + name + " must be a whole number, not '" + v + "'.");
        }
    }
}
