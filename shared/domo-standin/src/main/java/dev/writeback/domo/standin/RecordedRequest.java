package dev.writeback.domo.standin;

/** A request as the stand-in saw it, for assertions; {@code authorization} is the raw header or null. */
public record RecordedRequest(String method, String path, String query, String authorization, int status) {
}
