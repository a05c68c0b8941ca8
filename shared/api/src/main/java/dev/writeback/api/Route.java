package dev.writeback.api;

import dev.writeback.core.error.InvalidInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A method and a path template such as {@code /connectors/{id}/icons/{kind}}, with its handler. A last segment
 * {@code {name+}} is API Gateway's greedy parameter: it takes the rest of the path, one segment or more.
 */
public record Route(String method, String template, Handler handler) {

    /** Handles one request matched to a route. */
    @FunctionalInterface
    public interface Handler {
        HttpReply handle(HttpApiRequest request);
    }

    /** The route key as API Gateway writes it, e.g. {@code GET /connectors/{id}}. */
    public String key() {
        return method + " " + template;
    }

    /** Path parameters if {@code path} matches the template, else null. */
    Map<String, String> match(String path) {
        List<String> want = segments(template);
        List<String> got = segments(path);
        boolean greedy = !want.isEmpty() && want.getLast().endsWith("+}");
        if (greedy ? got.size() < want.size() : want.size() != got.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (greedy && i == want.size() - 1) {
                List<String> rest = new ArrayList<>();
                for (String segment : got.subList(i, got.size())) {
                    rest.add(decode(segment));
                }
                params.put(w.substring(1, w.length() - 2), String.join("/", rest));
                break;
            }
            if (w.startsWith("{") && w.endsWith("}")) {
                if (got.get(i).isEmpty()) {
                    return null;
                }
                params.put(w.substring(1, w.length() - 1), decode(got.get(i)));
            } else if (!w.equals(got.get(i))) {
                return null;
            }
        }
        return params;
    }

    /** Percent-decodes a path segment; unlike a form value, '+' in a path is a plus. */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "The path segment '" + segment + "' is not valid percent-encoding.");
        }
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
