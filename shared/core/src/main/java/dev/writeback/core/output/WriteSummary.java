package dev.writeback.core.output;

/**
 * What a write did.
 *
 * @param rows rows written (accepted by the target)
 * @param bytes bytes sent to the target (after compression)
 * @param location where the output went ({@code s3://bucket/key}, {@code sftp://host:port/path}, the URL)
 * @param rejected rows the target refused (HTTP only); the run continues
 * @param rejectsKey blob key of the rejected rows with their reasons (JSON Lines), or null when none
 * @param published false when the result was empty and the previous output was left in place
 */
public record WriteSummary(long rows, long bytes, String location, long rejected, String rejectsKey, boolean published) {
}
