package dev.writeback.core.script;

/** What a script's {@code httprequest} did: request count and body bytes each way. */
public record HttpUsage(long requests, long bytesSent, long bytesReceived) {
    public static final HttpUsage NONE = new HttpUsage(0, 0, 0);
}
