package dev.writeback.core.script;

import dev.writeback.core.error.InvalidStateException;
import java.util.Optional;

/**
 * The object store behind the {@code aws} global: S3 with the script's own credentials. Implementations reach only
 * the public AWS endpoints of the region (or the operator's configured endpoint) and keep to the address guard.
 * Bad arguments are {@code InvalidInputException}s; refusals and failures of the store {@code UpstreamException}s
 * whose message the script sees.
 */
public interface ScriptObjectStore {

    /** A client for {@code region} (an AWS region name, e.g. {@code us-east-1}) with an access key pair. */
    Client client(String region, String accessKeyId, String secretAccessKey);

    /** One script's S3 client. */
    interface Client extends AutoCloseable {
        void put(String bucket, String key, byte[] value);

        /** The object's bytes, empty if there is no such object; more than {@code maxBytes} is an error. */
        Optional<byte[]> get(String bucket, String key, long maxBytes);

        @Override
        void close();
    }

    /** No object store: every client fails with {@code reason}. */
    static ScriptObjectStore unavailable(String reason) {
        return (region, key, secret) -> {
            throw new InvalidStateException(reason);
        };
    }
}
