package dev.writeback.registration;

import dev.writeback.api.HttpApi;
import dev.writeback.api.HttpApiRequest;
import dev.writeback.api.HttpReply;
import dev.writeback.script.HostApiDescription;
import java.util.Arrays;
import java.util.Map;

/** The description of the script host API, for editors and the studio: the same for every signed-in caller. */
final class ScriptApiRoutes {
    private static final String CACHE_CONTROL = "private, max-age=3600";

    void register(HttpApi api) {
        api.route("GET", "/script-api", this::describe);
    }

    private HttpReply describe(HttpApiRequest r) {
        r.caller();
        String etag = HostApiDescription.etag();
        if (matches(r.header("if-none-match"), etag)) {
            return new HttpReply(304, Map.of("etag", etag, "cache-control", CACHE_CONTROL), new byte[0]);
        }
        return HttpReply.bytes(200, "application/json", HostApiDescription.json())
                .withHeader("etag", etag).withHeader("cache-control", CACHE_CONTROL);
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        return ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(","))
                .map(t -> t.strip().replaceFirst("^W/", ""))
                .anyMatch(t -> t.equals("*") || t.equals(etag));
    }
}
