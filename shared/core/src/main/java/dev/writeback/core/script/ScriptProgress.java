package dev.writeback.core.script;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a script has done so far, counted by the script host as it goes and read by another thread (the run's
 * progress reports) while it runs: requests and bytes sent (HTTP, S3, built-in writers), and rows written (output
 * datagrid rows ended, rows the built-in writers wrote).
 */
public final class ScriptProgress {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong rowsWritten = new AtomicLong();

    /** One request sent with a body of {@code bytes}. */
    public void requestSent(long bytes) {
        requests.incrementAndGet();
        bytesSent.addAndGet(bytes);
    }

    /** Bytes sent outside a counted request (a built-in writer's output). */
    public void bytesSent(long bytes) {
        bytesSent.addAndGet(bytes);
    }

    public void rowsWritten(long rows) {
        rowsWritten.addAndGet(rows);
    }

    public long requests() {
        return requests.get();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long rowsWritten() {
        return rowsWritten.get();
    }
}
