package dev.writeback.core.testrun;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.script.HttpTap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An answer a dry test run gives a script's request instead of sending it. The first canned response whose method
 * (any when absent) and URL pattern match answers.
 *
 * @param urlPattern the whole URL, query included, where {@code *} stands for any run of characters (none included)
 *                   and every other character stands for itself, e.g. {@code https://api.example.com/v1/items*}
 * @param status 100-599; 200 when absent
 * @param headers response headers
 * @param body the response body as text; empty when absent
 */
public record CannedResponse(String method, String urlPattern, Integer status, Map<String, String> headers, String body) {
    static final int MAX = 100;
    /** What all canned bodies may add up to: they are kept with the test run's record, an item of the table. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    /** The default answer of a dry run: 200 with an empty JSON object. */
    static final HttpTap.Response DEFAULT = new HttpTap.Response(200,
            Map.of("Content-Type", List.of("application/json")), "{}".getBytes(StandardCharsets.UTF_8));

    /** Checks a request's canned responses; each problem names the field, e.g. {@code responses[2].status}. */
    static List<CannedResponse> validate(List<CannedResponse> responses) {
        if (responses == null) {
            return List.of();
        }
        if (responses.size() > MAX) {
            throw new InvalidInputException("responses: at most " + MAX + " canned responses, not " + responses.size() + ".");
        }
        long bodyBytes = 0;
        for (int i = 0; i < responses.size(); i++) {
            CannedResponse r = responses.get(i);
            String at = "responses[" + i + "]";
            if (r == null) {
                throw new InvalidInputException(at + " must be an object {method, urlPattern, status, headers, body}.");
            }
            if (r.urlPattern() == null || r.urlPattern().isBlank()) {
                throw new InvalidInputException(at + ".urlPattern is required, e.g. https://api.example.com/v1/*.");
            }
            if (r.urlPattern().length() > 2048) {
                throw new InvalidInputException(at + ".urlPattern is longer than 2048 characters.");
            }
            if (r.method() != null && !r.method().matches("[A-Za-z]{1,16}")) {
                throw new InvalidInputException(at + ".method must be an HTTP method such as GET or POST, not '" + r.method() + "'.");
            }
            if (r.status() != null && (r.status() < 100 || r.status() > 599)) {
                throw new InvalidInputException(at + ".status must be an HTTP status from 100 to 599, not " + r.status() + ".");
            }
            if (r.headers() != null) {
                for (Map.Entry<String, String> h : r.headers().entrySet()) {
                    if (h.getKey() == null || !h.getKey().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}") || h.getValue() == null) {
                        throw new InvalidInputException(at + ".headers: '" + h.getKey() + "' is not a header name with a text value.");
                    }
                }
            }
            bodyBytes += r.body() == null ? 0 : r.body().getBytes(StandardCharsets.UTF_8).length;
            if (bodyBytes > MAX_BODY_BYTES) {
                throw new InvalidInputException(at + ".body: the canned bodies add up to more than " + MAX_BODY_BYTES
                        + " bytes.");
            }
        }
        return List.copyOf(responses);
    }

    boolean matches(String requestMethod, String url) {
        if (method != null && !method.equalsIgnoreCase(requestMethod)) {
            return false;
        }
        return glob(urlPattern).matcher(url).matches();
    }

    HttpTap.Response response() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> h.put(k, List.of(v)));
        }
        return new HttpTap.Response(status == null ? 200 : status, h,
                (body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
    }

    private static Pattern glob(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("\\*", -1)) {
            parts.add(part.isEmpty() ? "" : Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return (method == null ? "*" : method.toUpperCase(Locale.ROOT)) + " " + urlPattern + " -> " + (status == null ? 200 : status);
    }
}
