package dev.writeback.script;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code httprequest} may do.
 *
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout longest time one request may take from sending to the last body byte (a script may lower or
 *                    raise it per request with {@code httprequest.setRequestTimeout(ms)}, never past the run deadline)
 * @param maxResponseBytes largest response body a script may receive
 * @param httpsOnly refuse {@code http://} URLs (allowlisted internal targets excepted)
 * @param maxRedirects redirects followed per request, each hop checked again
 * @param internalTargets {@code host:port} pairs (as written in the URL, e.g. {@code 127.0.0.1:8080}) that bypass the
 *                        address guard and the https rule; for local mode and tests only
 */
public record HttpPolicy(Duration connectTimeout, Duration readTimeout, long maxResponseBytes, boolean httpsOnly,
                         int maxRedirects, Set<String> internalTargets) {

    public HttpPolicy {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP timeouts must be positive");
        }
        if (maxResponseBytes <= 0 || maxRedirects < 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive and maxRedirects not negative");
        }
        internalTargets = internalTargets == null ? Set.of()
                : internalTargets.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** https only, 10 s connect, 60 s per request, 32 MiB per response, 5 redirects, no internal targets. */
    public static HttpPolicy defaults() {
        return new HttpPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), 32L << 20, true, 5, Set.of());
    }

    public HttpPolicy withInternalTargets(Set<String> targets) {
        return new HttpPolicy(connectTimeout, readTimeout, maxResponseBytes, httpsOnly, maxRedirects, targets);
    }

    public HttpPolicy withHttpsOnly(boolean only) {
        return new HttpPolicy(connectTimeout, readTimeout, maxResponseBytes, only, maxRedirects, internalTargets);
    }

    public HttpPolicy withTimeouts(Duration connect, Duration read) {
        return new HttpPolicy(connect, read, maxResponseBytes, httpsOnly, maxRedirects, internalTargets);
    }

    public HttpPolicy withMaxResponseBytes(long bytes) {
        return new HttpPolicy(connectTimeout, readTimeout, bytes, httpsOnly, maxRedirects, internalTargets);
    }

    boolean isInternalTarget(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return internalTargets.contains(h + ":" + port) || internalTargets.contains("[" + h + "]:" + port);
    }
}
