package dev.writeback.script;

import dev.writeback.core.net.AddressGuard;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code httprequest} may do.
 *
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout longest time one request may take from sending to the last body byte (a script may lower or
 *                    raise it per request with {@code httprequest.setRequestTimeout(ms)}, never past the run deadline)
 * @param maxResponseBytes largest response body a script may receive
 * @param maxRedirects redirects followed per request, each hop checked again
 * @param guard where requests may go: the https rule and the public-address rule, and the {@code host:port} internal
 *              targets (local mode and tests) exempt from both
 */
public record HttpPolicy(Duration connectTimeout, Duration readTimeout, long maxResponseBytes, int maxRedirects,
                         AddressGuard guard) {

    public HttpPolicy {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP timeouts must be positive");
        }
        if (maxResponseBytes <= 0 || maxRedirects < 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive and maxRedirects not negative");
        }
        Objects.requireNonNull(guard, "guard");
    }

    /** https only, 10 s connect, 60 s per request, 32 MiB per response, 5 redirects, no internal targets. */
    public static HttpPolicy defaults() {
        return new HttpPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), 32L << 20, 5, AddressGuard.publicInternetOnly());
    }

    public HttpPolicy withGuard(AddressGuard g) {
        return new HttpPolicy(connectTimeout, readTimeout, maxResponseBytes, maxRedirects, g);
    }

    /** {@code host:port} pairs (as written in the URL, e.g. {@code 127.0.0.1:8080}) exempt from the guard's rules. */
    public HttpPolicy withInternalTargets(Set<String> targets) {
        return withGuard(guard.allowing(targets));
    }

    /** Refuse {@code http://} URLs (the default; allowlisted internal targets excepted) or not. */
    public HttpPolicy withHttpsOnly(boolean only) {
        return withGuard(guard.withHttpsOnly(only));
    }

    public HttpPolicy withTimeouts(Duration connect, Duration read) {
        return new HttpPolicy(connect, read, maxResponseBytes, maxRedirects, guard);
    }

    public HttpPolicy withMaxResponseBytes(long bytes) {
        return new HttpPolicy(connectTimeout, readTimeout, bytes, maxRedirects, guard);
    }
}
