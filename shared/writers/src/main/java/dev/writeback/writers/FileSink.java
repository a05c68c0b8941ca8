package dev.writeback.writers;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A file-like target written to a temporary place and made visible at its final name only by {@link #publish()}.
 * After {@link #abort()} the final name keeps what it held before.
 */
interface FileSink {

    /** Where bytes go; the encoder closes it when it finishes. */
    OutputStream stream();

    /** Makes the written bytes visible at the final name (after the stream was closed). */
    void publish() throws IOException;

    /** Discards what was written; never throws. */
    void abort();

    /** {@code s3://bucket/key}, {@code sftp://host:port/path}. */
    String location();
}
