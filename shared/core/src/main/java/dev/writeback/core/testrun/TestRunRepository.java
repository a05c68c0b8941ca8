package dev.writeback.core.testrun;

import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.json.Json;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.ItemCodec;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Test runs: {@code TESTRUN#id / ROOT} in the table, listed per connector newest first, expiring by the table's TTL;
 * a finished run's full record (log, exchanges, queries, datagrid: more than an item holds) is the blob
 * {@code test-runs/<id>/record.json}, which the bucket's lifecycle rule on {@code test-runs/} expires as well.
 */
public final class TestRunRepository {
    /** The prefix of test-run blobs, which the bucket expires after {@link TestRunService#RETENTION}. */
    public static final String BLOB_PREFIX = "test-runs/";
    private static final String ROOT = "ROOT";

    private final DocumentTable table;
    private final BlobStore blobs;

    public TestRunRepository(DocumentTable table, BlobStore blobs) {
        this.table = table;
        this.blobs = blobs;
    }

    private static String pk(String id) {
        return "TESTRUN#" + id;
    }

    static String recordKey(String id) {
        return BLOB_PREFIX + id + "/record.json";
    }

    TestRun create(TestRun run, long expiresAtEpochSecond) {
        return read(table.create(item(summary(run), expiresAtEpochSecond)));
    }

    /** The summary as stored (no details): status, settings, outcome, cancel flag. */
    Optional<TestRun> findSummary(String id) {
        return table.get(pk(id), ROOT).map(TestRunRepository::read);
    }

    /** The whole record: the summary, and the details once it has ended. */
    TestRun get(String id) {
        TestRun summary = findSummary(id).orElseThrow(() -> notFound(id));
        if (!summary.status().finished()) {
            return summary;
        }
        return blobs.get(recordKey(id)).map(b -> Json.read(new String(b.bytes(), StandardCharsets.UTF_8), TestRun.class))
                .map(full -> withRevision(full, summary.revision())).orElse(summary);
    }

    /**
     * Replaces the summary if its revision is current ({@code ConflictException} otherwise); a finished run's details
     * are written first, so a summary that says finished always has them.
     */
    TestRun update(TestRun run, long expiresAtEpochSecond) {
        if (run.status().finished()) {
            blobs.put(recordKey(run.id()), Json.write(run).getBytes(StandardCharsets.UTF_8), "application/json");
        }
        TestRun stored = read(table.update(item(summary(run), expiresAtEpochSecond)));
        return run.status().finished() ? withRevision(run, stored.revision()) : stored;
    }

    Page<TestRun> listForConnector(String connectorId, int limit, String cursor) {
        return table.queryListing("TESTRUNS#" + connectorId, true, limit, cursor).map(TestRunRepository::read);
    }

    static NotFoundException notFound(String id) {
        return new NotFoundException("There is no test run " + id + ".");
    }

    private static TestRun summary(TestRun r) {
        return new TestRun(r.id(), r.connectorId(), r.connectorVersion(), r.companyId(), r.userId(), r.script(), r.mode(),
                r.status(), r.queuedAt(), r.startedAt(), r.endedAt(), r.settings(), r.outcome(), null, r.logTruncated(), null,
                null, null, null, null, r.cancelRequested(), r.revision());
    }

    private static StoredItem item(TestRun run, long expiresAt) {
        return new StoredItem(pk(run.id()), ROOT, run.revision(), "TESTRUNS#" + run.connectorId(),
                run.queuedAt() + "#" + run.id(), expiresAt, ItemCodec.write(run));
    }

    private static TestRun read(StoredItem item) {
        return withRevision(ItemCodec.read(item, TestRun.class), item.revision());
    }

    private static TestRun withRevision(TestRun r, long revision) {
        return new TestRun(r.id(), r.connectorId(), r.connectorVersion(), r.companyId(), r.userId(), r.script(), r.mode(),
                r.status(), r.queuedAt(), r.startedAt(), r.endedAt(), r.settings(), r.outcome(), r.log(), r.logTruncated(),
                r.datagrid(), r.queries(), r.exchanges(), r.writes(), r.state(), r.cancelRequested(), revision);
    }
}
