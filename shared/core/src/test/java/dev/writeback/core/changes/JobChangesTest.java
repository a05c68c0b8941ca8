package dev.writeback.core.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.job.Job;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.testing.InMemoryDataPlane;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a CHANGES or APPEND run finds against the last successful run, and what a run that does not succeed leaves. */
class JobChangesTest {
    private static final List<Column> SCHEMA = List.of(new Column("id", DomoType.LONG), new Column("name", DomoType.STRING),
            new Column("amount", DomoType.DECIMAL), new Column("day", DomoType.DATE), new Column("at", DomoType.DATETIME));

    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryDataPlane plane = new InMemoryDataPlane();
    private int runs;

    private static List<Object> row(long id, String name, String amount) {
        return Arrays.asList(id, name, new BigDecimal(amount), LocalDate.of(2026, 1, (int) (id % 28) + 1),
                LocalDateTime.of(2026, 1, 1, 10, 0, 0, 500_000_000));
    }

    private static Job job(Incremental incremental) {
        return new Job("job-1", "acme", "uma", "con-1", 1, "acc-1", "Job", null, Map.of("datasetId", "ds"), null, null, null,
                Instant.EPOCH, Instant.EPOCH, 1, null, null, null, null, null, incremental);
    }

    private static final Job BY_ID = job(new Incremental(WriteMode.CHANGES, List.of("id"), null, null));

    private ChangeSet prepare(JobChanges changes, Job job, StringBuilder log) {
        return changes.prepare(job, "ds", "run-" + ++runs, plane, () -> { }, log);
    }

    private static List<List<Object>> rows(RowCursor cursor) {
        List<List<Object>> all = new ArrayList<>();
        try (cursor) {
            while (cursor.next()) {
                all.add(Arrays.asList(cursor.row().clone()));
            }
        }
        return all;
    }

    @Test
    void aSecondRunFindsExactlyTheAddedChangedAndRemovedRowsWithTheirValuesAsTheyWere() {
        JobChanges changes = new JobChanges(blobs);
        plane.add("ds", "Contacts", SCHEMA, List.of(row(1, "Ann", "1.50"), row(2, "Bob", "2.00"), row(3, "Cy", "3.25")));
        StringBuilder log = new StringBuilder();
        try (ChangeSet first = prepare(changes, BY_ID, log)) {
            assertEquals(new ChangeCounts(WriteMode.CHANGES, 3, 0, 0, 0, true), first.counts());
            assertEquals(List.of(row(1, "Ann", "1.50"), row(2, "Bob", "2.00"), row(3, "Cy", "3.25")), rows(first.addedAndChanged()));
            changes.commit(first);
        }
        assertTrue(log.toString().contains("no snapshot yet (first run, or after resend-all): this run sends every row"), log.toString());

        plane.add("ds", "Contacts", SCHEMA, List.of(row(1, "Ann", "1.50"), row(3, "Cy", "9.99"), row(4, "Dee", "4.00")));
        try (ChangeSet second = prepare(changes, BY_ID, new StringBuilder())) {
            assertEquals(new ChangeCounts(WriteMode.CHANGES, 1, 1, 1, 1, false), second.counts());
            assertEquals(List.of(row(4, "Dee", "4.00")), rows(second.added()));
            assertEquals(List.of(row(3, "Cy", "9.99")), rows(second.changed()));
            assertEquals(List.of(List.of(2L)), rows(second.removed()));
            assertEquals(List.of(new Column("id", DomoType.LONG)), second.keyColumns());
        }
    }

    @Test
    void aRunThatDidNotSucceedLeavesThePreviousSnapshotSoTheNextRunFindsTheSameDifference() {
        JobChanges changes = new JobChanges(blobs);
        plane.add("ds", "Contacts", SCHEMA, List.of(row(1, "Ann", "1.50"), row(2, "Bob", "2.00")));
        try (ChangeSet first = prepare(changes, BY_ID, new StringBuilder())) {
            changes.commit(first);
        }
        plane.add("ds", "Contacts", SCHEMA, List.of(row(1, "Ann", "7.00"), row(5, "Eve", "5.00")));
        List<List<Object>> failedRunWouldSend;
        try (ChangeSet failed = prepare(changes, BY_ID, new StringBuilder())) {
            failedRunWouldSend = rows(failed.addedAndChanged());
        }
        assertEquals(1, blobs.list("jobs/job-1/changes/snapshot-").size(), "the failed run's snapshot is deleted");
        try (ChangeSet third = prepare(changes, BY_ID, new StringBuilder())) {
            assertEquals(new ChangeCounts(WriteMode.CHANGES, 1, 1, 1, 0, false), third.counts());
            assertEquals(failedRunWouldSend, rows(third.addedAndChanged()));
            assertEquals(List.of(row(5, "Eve", "5.00"), row(1, "Ann", "7.00")), failedRunWouldSend);
            changes.commit(third);
        }
        assertEquals(List.of("jobs/job-1/changes/snapshot-run-3.bin.gz"), blobs.list("jobs/job-1/changes/snapshot-"));
    }

    @Test
    void aSnapshotGoneFromTheBucketMakesTheRunSendEveryRowAndSaySo() {
        JobChanges changes = new JobChanges(blobs);
        plane.add("ds", "Contacts", SCHEMA, List.of(row(1, "Ann", "1.50"), row(2, "Bob", "2.00")));
        try (ChangeSet first = prepare(changes, BY_ID, new StringBuilder())) {
            changes.commit(first);
        }
        blobs.delete("jobs/job-1/changes/snapshot-run-1.bin.gz");
        StringBuilder log = new StringBuilder();
        try (ChangeSet second = prepare(changes, BY_ID, log)) {
            assertEquals(new ChangeCounts(WriteMode.CHANGES, 2, 0, 0, 0, true), second.counts());
        }
        assertTrue(log.toString().contains("[changes] the last successful run's snapshot jobs/job-1/changes/snapshot-run-1.bin.gz"
                + " is gone from the bucket: this run sends every row"), log.toString());
    }

    @Test
    void rowsThatDoNotFitTheSortBufferSpillToDiskAndDiffTheSame() {
        JobChanges changes = new JobChanges(blobs, 4 * 1024);
        List<Column> schema = List.of(new Column("k", DomoType.STRING), new Column("v", DomoType.LONG));
        plane.add("ds", "Big", schema, 5_000, i -> new Object[] {"key-" + (i * 7919 % 5_000), i});
        Job job = job(new Incremental(WriteMode.CHANGES, List.of("k"), null, null));
        try (ChangeSet first = prepare(changes, job, new StringBuilder())) {
            assertEquals(5_000, first.counts().added());
            changes.commit(first);
        }
        plane.add("ds", "Big", schema, 5_000, i -> new Object[] {"key-" + (i * 7919 % 5_000), i % 100 == 0 ? -i : i});
        try (ChangeSet second = prepare(changes, job, new StringBuilder())) {
            assertEquals(new ChangeCounts(WriteMode.CHANGES, 0, 49, 0, 4_951, false), second.counts());
            for (List<Object> changed : rows(second.changed())) {
                assertTrue((Long) changed.get(1) < 0, changed.toString());
            }
        }
    }

    @Test
    void anUnknownKeyColumnFailsNamingTheColumnAndTheColumnsThereAre() {
        plane.add("ds", "Contacts", SCHEMA, List.of(row(1, "Ann", "1.50")));
        Job job = job(new Incremental(WriteMode.CHANGES, List.of("customerId"), null, null));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> prepare(new JobChanges(blobs), job, new StringBuilder()));
        assertEquals("keyColumns names the column 'customerId', which the change query's result does not have"
                + " (its columns: id, name, amount, day, at)", e.getMessage());
        assertEquals(List.of(), blobs.list("jobs/job-1/changes/"));
    }

    @Test
    void keyColumnsThatDoNotIdentifyRowsFailTheRun() {
        plane.add("ds", "Contacts", SCHEMA, List.of(row(1, "Ann", "1.50"), row(2, "Ann", "2.00")));
        Job job = job(new Incremental(WriteMode.CHANGES, List.of("name"), null, null));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> prepare(new JobChanges(blobs), job, new StringBuilder()));
        assertTrue(e.getMessage().startsWith("keyColumns [name] do not identify rows: the key [\"Ann\"] appears more than once"),
                e.getMessage());
        assertEquals(List.of(), blobs.list("jobs/job-1/changes/"), "a diff that failed publishes no snapshot");
    }

    @Test
    void changingTheKeyColumnsSendsEveryRowAgainAndSaysWhy() {
        JobChanges changes = new JobChanges(blobs);
        plane.add("ds", "Contacts", SCHEMA, List.of(row(1, "Ann", "1.50"), row(2, "Bob", "2.00")));
        try (ChangeSet first = prepare(changes, BY_ID, new StringBuilder())) {
            changes.commit(first);
        }
        StringBuilder log = new StringBuilder();
        Job byName = job(new Incremental(WriteMode.CHANGES, List.of("name"), null, null));
        try (ChangeSet again = prepare(changes, byName, log)) {
            assertEquals(new ChangeCounts(WriteMode.CHANGES, 2, 0, 0, 0, true), again.counts());
        }
        assertTrue(log.toString().contains("its snapshot no longer applies, so this run sends every row"), log.toString());

        changes.reset("job-1");
        assertEquals(List.of(), blobs.list("jobs/job-1/changes/"));
    }

    @Test
    void appendSendsRowsPastTheGreatestWatermarkTheLastSuccessfulRunSaw() {
        JobChanges changes = new JobChanges(blobs);
        List<Column> schema = List.of(new Column("id", DomoType.LONG), new Column("updated", DomoType.DATETIME));
        Job job = job(new Incremental(WriteMode.APPEND, null, null, "updated"));
        LocalDateTime t = LocalDateTime.of(2026, 3, 1, 12, 0);
        plane.add("ds", "Events", schema, List.of(List.of(1L, t), List.of(2L, t.plusHours(1))));
        try (ChangeSet first = prepare(changes, job, new StringBuilder())) {
            assertEquals(new ChangeCounts(WriteMode.APPEND, 2, 0, 0, 0, true), first.counts());
            changes.commit(first);
        }
        plane.add("ds", "Events", schema, List.of(List.of(1L, t), List.of(2L, t.plusHours(1)), List.of(3L, t.plusHours(1)),
                List.of(4L, t.plusHours(2).plusNanos(250_000_000))));
        StringBuilder log = new StringBuilder();
        try (ChangeSet second = prepare(changes, job, log)) {
            assertEquals(new ChangeCounts(WriteMode.APPEND, 1, 0, 0, 3, false), second.counts());
            assertEquals(List.of(List.of(4L, t.plusHours(2).plusNanos(250_000_000))), rows(second.added()));
            changes.commit(second);
        }
        assertTrue(log.toString().contains("rows with updated > 2026-03-01T13:00"), log.toString());
        assertEquals("2026-03-01T14:00:00.250", new ChangeSnapshots(blobs).current("job-1").orElseThrow().watermark());
    }

    @Test
    void aMissingWatermarkColumnFailsNamingIt() {
        plane.add("ds", "Contacts", SCHEMA, List.of(row(1, "Ann", "1.50")));
        Job job = job(new Incremental(WriteMode.APPEND, null, null, "updatedAt"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> prepare(new JobChanges(blobs), job, new StringBuilder()));
        assertTrue(e.getMessage().startsWith("watermarkColumn names the column 'updatedAt', which the change query's result"
                + " does not have"), e.getMessage());
    }

    @Test
    void theChangeQueryIsRecognisedDespiteSpacingAndATrailingSemicolon() {
        plane.add("ds", "Contacts", SCHEMA, List.of(row(1, "Ann", "1.50")));
        try (ChangeSet set = prepare(new JobChanges(blobs), BY_ID, new StringBuilder())) {
            assertTrue(set.isChangeQuery("ds", "select *\n  from tbl;"));
            assertEquals(false, set.isChangeQuery("ds", "select * from tbl where id > 1"));
            assertEquals(false, set.isChangeQuery("other", "select * from tbl"));
        }
    }

    @Test
    void badSettingsAreRefusedWithWhatIsMissing() {
        InvalidInputException noKeys = assertThrows(InvalidInputException.class,
                () -> Incremental.validate(new Incremental(WriteMode.CHANGES, List.of(), null, null)));
        assertEquals("Invalid incremental settings: writeMode CHANGES needs keyColumns: the columns that identify a row,"
                + " e.g. [\"id\"].", noKeys.getMessage());
        InvalidInputException noWatermark = assertThrows(InvalidInputException.class,
                () -> Incremental.validate(new Incremental(WriteMode.APPEND, null, null, " ")));
        assertTrue(noWatermark.getMessage().contains("writeMode APPEND needs watermarkColumn"), noWatermark.getMessage());
        assertEquals(new Incremental(WriteMode.CHANGES, List.of("id"), "select * from tbl", null),
                Incremental.validate(new Incremental(WriteMode.CHANGES, List.of(" id"), null, null)));
    }
}
