package dev.writeback.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.Limits;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.PayloadTooLargeException;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every documented behaviour of {@link DocumentTable}. An adapter's test extends this class and
 * supplies a fresh, empty table per test.
 */
public abstract class DocumentTableContract {
    private static final String PK = "CONNECTOR#c-1";

    protected DocumentTable table;

    /** A new, empty table (called before each test). */
    protected abstract DocumentTable newTable() throws Exception;

    /** Releases what {@link #newTable()} made (called after each test). */
    protected void closeTable() throws Exception {
    }

    @BeforeEach
    final void openTable() throws Exception {
        table = newTable();
    }

    @AfterEach
    final void releaseTable() throws Exception {
        closeTable();
    }

    @Test
    void createdItemIsReadBackAtRevisionOneWithEveryAttribute() {
        StoredItem item = new StoredItem("ACCOUNT#ä/ß #1", "META", 0, "ACCOUNTS", "2026-11-29#Ünïcode", 1_900_000_000L,
                "{\"name\":\"Zürich \\\"quoted\\\"\",\"n\":[1,2]}");

        StoredItem created = table.create(item);

        assertEquals(item.withRevision(1), created);
        assertEquals(Optional.of(item.withRevision(1)), table.get("ACCOUNT#ä/ß #1", "META"));
    }

    @Test
    void createIgnoresTheRevisionItIsGivenAndStoresRevisionOne() {
        StoredItem created = table.create(StoredItem.of(PK, "META", "{}").withRevision(7));

        assertEquals(1, created.revision());
        assertEquals(1, table.get(PK, "META").orElseThrow().revision());
    }

    @Test
    void itemWithoutListingOrExpiryKeepsThemNull() {
        table.create(StoredItem.of(PK, "META", "{\"a\":1}"));

        StoredItem read = table.get(PK, "META").orElseThrow();
        assertEquals(new StoredItem(PK, "META", 1, null, null, null, "{\"a\":1}"), read);
    }

    @Test
    void getOfAnAbsentItemIsEmpty() {
        table.create(StoredItem.of(PK, "META", "{}"));

        assertEquals(Optional.empty(), table.get(PK, "OTHER"));
        assertEquals(Optional.empty(), table.get("CONNECTOR#nope", "META"));
    }

    @Test
    void secondCreateOfTheSameKeysConflictsAndKeepsTheFirst() {
        table.create(StoredItem.of(PK, "META", "{\"v\":1}"));

        assertThrows(ConflictException.class, () -> table.create(StoredItem.of(PK, "META", "{\"v\":2}")));
        assertEquals("{\"v\":1}", table.get(PK, "META").orElseThrow().body());
    }

    @Test
    void updateWithTheStoredRevisionReplacesTheItemAndBumpsTheRevision() {
        StoredItem v1 = table.create(StoredItem.of(PK, "META", "{\"v\":1}").withListing("CONNECTORS", "a"));

        StoredItem v2 = table.update(v1.withBody("{\"v\":2}").withExpiry(1_800_000_000L));

        assertEquals(new StoredItem(PK, "META", 2, "CONNECTORS", "a", 1_800_000_000L, "{\"v\":2}"), v2);
        assertEquals(Optional.of(v2), table.get(PK, "META"));
        assertEquals(3, table.update(v2.withBody("{\"v\":3}")).revision());
    }

    @Test
    void updateWithAStaleRevisionConflictsAndChangesNothing() {
        StoredItem v1 = table.create(StoredItem.of(PK, "META", "{\"v\":1}"));
        StoredItem v2 = table.update(v1.withBody("{\"v\":2}"));

        assertThrows(ConflictException.class, () -> table.update(v1.withBody("{\"v\":\"lost\"}")));
        assertThrows(ConflictException.class, () -> table.update(v1.withBody("{\"v\":\"future\"}").withRevision(5)));
        assertEquals(Optional.of(v2), table.get(PK, "META"));
    }

    @Test
    void updateOfAnAbsentItemIsNotFound() {
        assertThrows(NotFoundException.class, () -> table.update(StoredItem.of(PK, "META", "{}").withRevision(1)));
        assertEquals(Optional.empty(), table.get(PK, "META"));
    }

    @Test
    void updateCanDropTheListingAndTheExpiry() {
        StoredItem v1 = table.create(StoredItem.of(PK, "META", "{}").withListing("CONNECTORS", "a").withExpiry(1_900_000_000L));

        StoredItem v2 = table.update(new StoredItem(PK, "META", v1.revision(), null, null, null, "{\"plain\":true}"));

        assertEquals(new StoredItem(PK, "META", 2, null, null, null, "{\"plain\":true}"), table.get(PK, "META").orElseThrow());
        assertEquals(v2, table.get(PK, "META").orElseThrow());
        assertEquals(List.of(), table.queryListing("CONNECTORS", false, 10, null).items());
    }

    @Test
    void updateCanListAnItemThatWasNotListed() {
        StoredItem v1 = table.create(StoredItem.of(PK, "META", "{}"));

        table.update(v1.withListing("CONNECTORS", "a"));

        assertEquals(List.of(PK), table.queryListing("CONNECTORS", false, 10, null).items().stream().map(StoredItem::pk).toList());
    }

    @Test
    void deleteWithTheStoredRevisionRemovesTheItem() {
        StoredItem v1 = table.create(StoredItem.of(PK, "META", "{}").withListing("CONNECTORS", "a"));
        StoredItem v2 = table.update(v1.withBody("{\"v\":2}"));

        table.delete(PK, "META", v2.revision());

        assertEquals(Optional.empty(), table.get(PK, "META"));
        assertEquals(List.of(), table.query(PK, "", false, 10, null).items());
        assertEquals(List.of(), table.queryListing("CONNECTORS", false, 10, null).items());
    }

    @Test
    void deleteWithAStaleRevisionConflictsAndKeepsTheItem() {
        StoredItem v1 = table.create(StoredItem.of(PK, "META", "{}"));
        StoredItem v2 = table.update(v1.withBody("{\"v\":2}"));

        assertThrows(ConflictException.class, () -> table.delete(PK, "META", 1));
        assertEquals(Optional.of(v2), table.get(PK, "META"));
    }

    @Test
    void deleteOfAnAbsentItemIsNotFound() {
        assertThrows(NotFoundException.class, () -> table.delete(PK, "META", 1));
    }

    @Test
    void aDeletedItemCanBeCreatedAgainAtRevisionOne() {
        StoredItem v1 = table.create(StoredItem.of(PK, "META", "{\"v\":1}"));
        table.delete(PK, "META", v1.revision());

        assertEquals(1, table.create(StoredItem.of(PK, "META", "{\"v\":\"again\"}")).revision());
        assertEquals("{\"v\":\"again\"}", table.get(PK, "META").orElseThrow().body());
    }

    @Test
    void aBodyOverTheItemLimitIsRefusedBeforeTheBackendIsTouched() {
        String fits = "{\"d\":\"" + "x".repeat(Limits.ITEM_BODY_BYTES - 8) + "\"}";
        assertEquals(fits, table.create(StoredItem.of(PK, "FITS", fits)).body());
        String over = "{\"d\":\"" + "x".repeat(Limits.ITEM_BODY_BYTES - 7) + "\"}";
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class, () -> table.create(StoredItem.of(PK, "OVER", over)));
        assertEquals("Item " + PK + " / OVER would be 358401 bytes; a stored item is at most 358400 bytes.", e.getMessage());
        assertEquals(Optional.empty(), table.get(PK, "OVER"));
        StoredItem stored = table.get(PK, "FITS").orElseThrow();
        assertThrows(PayloadTooLargeException.class, () -> table.update(stored.withBody(over)));
        assertEquals(fits, table.get(PK, "FITS").orElseThrow().body());
    }

    @Test
    void largeBodiesRoundTripExactly() {
        StringBuilder body = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < 3000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"röw ").append(i).append("\"}");
        }
        String json = body.append("]}").toString();

        table.create(StoredItem.of(PK, "BIG", json));

        assertEquals(json, table.get(PK, "BIG").orElseThrow().body());
    }

    @Test
    void queryReturnsThePartitionItemsWithThePrefixInSortKeyOrder() {
        for (String sk : List.of("RUN#003", "VERSION#01", "RUN#001", "RUN#005", "META", "RUN#002", "RUN#004")) {
            table.create(StoredItem.of(PK, sk, "{\"sk\":\"" + sk + "\"}"));
        }
        table.create(StoredItem.of("CONNECTOR#c-2", "RUN#000", "{}"));
        table.create(StoredItem.of("CONNECTOR#c-10", "RUN#000", "{}"));

        Page<StoredItem> ascending = table.query(PK, "RUN#", false, 10, null);
        Page<StoredItem> descending = table.query(PK, "RUN#", true, 10, null);

        assertEquals(List.of("RUN#001", "RUN#002", "RUN#003", "RUN#004", "RUN#005"), sortKeys(ascending));
        assertNull(ascending.nextCursor());
        assertEquals(List.of("RUN#005", "RUN#004", "RUN#003", "RUN#002", "RUN#001"), sortKeys(descending));
        assertNull(descending.nextCursor());
        assertEquals("{\"sk\":\"RUN#003\"}", ascending.items().get(2).body());
        assertEquals(1, ascending.items().get(2).revision());
    }

    @Test
    void sortKeysCompareAsStringsNotAsNumbers() {
        for (String sk : List.of("VERSION#10", "VERSION#2", "VERSION#1")) {
            table.create(StoredItem.of(PK, sk, "{}"));
        }

        assertEquals(List.of("VERSION#1", "VERSION#10", "VERSION#2"), sortKeys(table.query(PK, "VERSION#", false, 10, null)));
        assertEquals(List.of("VERSION#2", "VERSION#10", "VERSION#1"), sortKeys(table.query(PK, "VERSION#", true, 10, null)));
    }

    @Test
    void queryWithAnEmptyPrefixReturnsTheWholePartition() {
        for (String sk : List.of("b", "a", "c#1")) {
            table.create(StoredItem.of(PK, sk, "{}"));
        }
        table.create(StoredItem.of("OTHER", "a", "{}"));

        assertEquals(List.of("a", "b", "c#1"), sortKeys(table.query(PK, "", false, 10, null)));
        assertEquals(List.of("a", "b", "c#1"), sortKeys(table.query(PK, null, false, 10, null)));
    }

    @Test
    void queryOfAnEmptyPartitionIsAnEmptyLastPage() {
        Page<StoredItem> page = table.query(PK, "RUN#", false, 10, null);

        assertEquals(List.of(), page.items());
        assertNull(page.nextCursor());
    }

    @Test
    void queryPagesThroughThePrefixInBothDirections() {
        for (int i = 1; i <= 5; i++) {
            table.create(StoredItem.of(PK, "RUN#00" + i, "{}"));
        }
        table.create(StoredItem.of(PK, "ZZZ", "{}"));

        assertEquals(List.of(List.of("RUN#001", "RUN#002"), List.of("RUN#003", "RUN#004"), List.of("RUN#005")),
                pages(cursor -> table.query(PK, "RUN#", false, 2, cursor)));
        assertEquals(List.of(List.of("RUN#005", "RUN#004"), List.of("RUN#003", "RUN#002"), List.of("RUN#001")),
                pages(cursor -> table.query(PK, "RUN#", true, 2, cursor)));
    }

    @Test
    void aPageThatEndsExactlyAtTheLastItemHasNoCursor() {
        for (int i = 1; i <= 4; i++) {
            table.create(StoredItem.of(PK, "RUN#00" + i, "{}"));
        }

        assertEquals(List.of(List.of("RUN#001", "RUN#002"), List.of("RUN#003", "RUN#004")),
                pages(cursor -> table.query(PK, "RUN#", false, 2, cursor)));
    }

    @Test
    void queryListingReturnsListedItemsAcrossPartitionsInListingOrder() {
        table.create(StoredItem.of("CONNECTOR#c-1", "META", "{\"n\":\"beta\"}").withListing("CONNECTORS", "beta"));
        table.create(StoredItem.of("CONNECTOR#c-2", "META", "{\"n\":\"alpha\"}").withListing("CONNECTORS", "alpha"));
        table.create(StoredItem.of("CONNECTOR#c-3", "META", "{\"n\":\"gamma\"}").withListing("CONNECTORS", "gamma"));
        table.create(StoredItem.of("CONNECTOR#c-3", "VERSION#1", "{}"));
        table.create(StoredItem.of("JOB#j-1", "META", "{}").withListing("JOBS", "alpha"));

        Page<StoredItem> ascending = table.queryListing("CONNECTORS", false, 10, null);

        assertEquals(List.of("alpha", "beta", "gamma"), ascending.items().stream().map(StoredItem::gsi1sk).toList());
        assertEquals(List.of("CONNECTOR#c-2", "CONNECTOR#c-1", "CONNECTOR#c-3"), ascending.items().stream().map(StoredItem::pk).toList());
        assertEquals("{\"n\":\"alpha\"}", ascending.items().get(0).body());
        assertNull(ascending.nextCursor());
        assertEquals(List.of("gamma", "beta", "alpha"),
                table.queryListing("CONNECTORS", true, 10, null).items().stream().map(StoredItem::gsi1sk).toList());
        assertEquals(List.of(), table.queryListing("NOTHING", false, 10, null).items());
    }

    @Test
    void queryListingPagesInBothDirections() {
        for (int i = 1; i <= 5; i++) {
            table.create(StoredItem.of("RUN#r-" + i, "META", "{}").withListing("RUNS#job-1", "2026-11-0" + i + "T00:00:00Z"));
        }

        Function<String, Page<StoredItem>> ascending = cursor -> table.queryListing("RUNS#job-1", false, 2, cursor);
        Function<String, Page<StoredItem>> descending = cursor -> table.queryListing("RUNS#job-1", true, 2, cursor);
        assertEquals(List.of(List.of("RUN#r-1", "RUN#r-2"), List.of("RUN#r-3", "RUN#r-4"), List.of("RUN#r-5")), pages(ascending, StoredItem::pk));
        assertEquals(List.of(List.of("RUN#r-5", "RUN#r-4"), List.of("RUN#r-3", "RUN#r-2"), List.of("RUN#r-1")), pages(descending, StoredItem::pk));
    }

    @Test
    void updatingTheListingKeyMovesTheItemInTheListing() {
        StoredItem a = table.create(StoredItem.of("CONNECTOR#c-1", "META", "{}").withListing("CONNECTORS", "a"));
        table.create(StoredItem.of("CONNECTOR#c-2", "META", "{}").withListing("CONNECTORS", "b"));

        table.update(a.withListing("CONNECTORS", "c"));
        assertEquals(List.of("CONNECTOR#c-2", "CONNECTOR#c-1"),
                table.queryListing("CONNECTORS", false, 10, null).items().stream().map(StoredItem::pk).toList());

        table.update(table.get("CONNECTOR#c-1", "META").orElseThrow().withListing("ARCHIVED", "c"));
        assertEquals(List.of("CONNECTOR#c-2"), table.queryListing("CONNECTORS", false, 10, null).items().stream().map(StoredItem::pk).toList());
        assertEquals(List.of("CONNECTOR#c-1"), table.queryListing("ARCHIVED", false, 10, null).items().stream().map(StoredItem::pk).toList());
    }

    @Test
    void expiryIsStoredAndReturnedByEveryRead() {
        table.create(StoredItem.of("OAUTH#s-1", "STATE", "{}").withExpiry(1_764_417_600L).withListing("STATES", "s-1"));

        assertEquals(1_764_417_600L, table.get("OAUTH#s-1", "STATE").orElseThrow().expiresAt());
        assertEquals(1_764_417_600L, table.query("OAUTH#s-1", "ST", false, 1, null).items().get(0).expiresAt());
        assertEquals(1_764_417_600L, table.queryListing("STATES", false, 1, null).items().get(0).expiresAt());
    }

    @Test
    void aMalformedCursorIsRejectedAsInvalidInput() {
        table.create(StoredItem.of(PK, "RUN#1", "{}"));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> table.query(PK, "RUN#", false, 10, "not a cursor!"));
        assertTrue(e.getMessage().contains("cursor"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> table.queryListing("CONNECTORS", false, 10, "bm90IGEgY3Vyc29y"));
    }

    @Test
    void aCursorFromAnotherPartitionIsRejectedAsInvalidInput() {
        for (int i = 1; i <= 3; i++) {
            table.create(StoredItem.of(PK, "RUN#" + i, "{}"));
        }
        String cursor = table.query(PK, "RUN#", false, 1, null).nextCursor();

        assertThrows(InvalidInputException.class, () -> table.query("CONNECTOR#other", "RUN#", false, 1, cursor));
    }

    @Test
    void emptyKeysAreRejectedAsInvalidInput() {
        assertThrows(InvalidInputException.class, () -> table.create(StoredItem.of("", "META", "{}")));
        assertThrows(InvalidInputException.class, () -> table.create(StoredItem.of(PK, "", "{}")));
        assertThrows(InvalidInputException.class, () -> table.create(StoredItem.of(PK, "META", "{}").withListing("", "a")));
        assertThrows(InvalidInputException.class, () -> table.get("", "META"));
        assertEquals(List.of(), table.query(PK, "", false, 10, null).items());
    }

    @Test
    void aLimitBelowOneIsRejectedAsInvalidInput() {
        assertThrows(InvalidInputException.class, () -> table.query(PK, "", false, 0, null));
        assertThrows(InvalidInputException.class, () -> table.queryListing("CONNECTORS", false, -1, null));
    }

    @Test
    void concurrentUpdatesOfOneRevisionHaveExactlyOneWinner() throws Exception {
        int writers = 8;
        StoredItem v1 = table.create(StoredItem.of(PK, "COUNTER", "{\"by\":\"nobody\"}"));
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String body = "{\"by\":\"writer-" + w + "\"}";
            tasks.add(() -> {
                start.await();
                try {
                    table.update(v1.withBody(body));
                    return true;
                } catch (ConflictException e) {
                    return false;
                }
            });
        }

        List<Boolean> outcomes = runAll(tasks, start);

        assertEquals(1, Collections.frequency(outcomes, true));
        StoredItem stored = table.get(PK, "COUNTER").orElseThrow();
        assertEquals(2, stored.revision());
        assertEquals("{\"by\":\"writer-" + outcomes.indexOf(true) + "\"}", stored.body());
    }

    @Test
    void concurrentIncrementsWithRetryLoseNoUpdate() throws Exception {
        int writers = 6;
        int incrementsEach = 15;
        table.create(StoredItem.of(PK, "COUNTER", "0"));
        ConcurrentLinkedQueue<Long> wonRevisions = new ConcurrentLinkedQueue<>();
        AtomicInteger conflicts = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            tasks.add(() -> {
                start.await();
                for (int done = 0; done < incrementsEach; ) {
                    StoredItem read = table.get(PK, "COUNTER").orElseThrow();
                    try {
                        StoredItem written = table.update(read.withBody(Long.toString(Long.parseLong(read.body()) + 1)));
                        wonRevisions.add(written.revision());
                        done++;
                    } catch (ConflictException e) {
                        conflicts.incrementAndGet();
                    }
                }
                return true;
            });
        }

        runAll(tasks, start);

        int total = writers * incrementsEach;
        StoredItem stored = table.get(PK, "COUNTER").orElseThrow();
        assertEquals(Integer.toString(total), stored.body());
        assertEquals(total + 1, stored.revision());
        List<Long> sorted = wonRevisions.stream().sorted().toList();
        assertEquals(IntStream.rangeClosed(2, total + 1).mapToObj(i -> (long) i).toList(), sorted,
                "each revision is won by exactly one writer (" + conflicts.get() + " conflicts retried)");
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks, CountDownLatch start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> sortKeys(Page<StoredItem> page) {
        return page.items().stream().map(StoredItem::sk).toList();
    }

    /** Every page of a listing, following cursors; the last page must have no cursor. */
    protected static List<List<String>> pages(Function<String, Page<StoredItem>> fetch) {
        return pages(fetch, StoredItem::sk);
    }

    protected static List<List<String>> pages(Function<String, Page<StoredItem>> fetch, Function<StoredItem, String> key) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            Page<StoredItem> page = fetch.apply(cursor);
            pages.add(page.items().stream().map(key).toList());
            cursor = page.nextCursor();
            if (pages.size() > 100) {
                throw new AssertionError("the cursor never ends: " + pages.subList(0, 5));
            }
        } while (cursor != null);
        return pages;
    }
}
