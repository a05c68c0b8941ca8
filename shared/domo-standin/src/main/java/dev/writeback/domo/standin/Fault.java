package dev.writeback.domo.standin;

import java.util.Map;

/** A scripted answer that replaces the real one for a request, e.g. a 429 with {@code Retry-After}. */
public record Fault(int status, Map<String, String> headers, String body) {
    public Fault {
        headers = Map.copyOf(headers);
    }

    /** 429 Too Many Requests with {@code Retry-After: seconds}. */
    public static Fault tooManyRequests(int retryAfterSeconds) {
        return new Fault(429, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), null);
    }

    /** A bare status with Domo's error body. */
    public static Fault status(int status) {
        return new Fault(status, Map.of(), null);
    }
}
