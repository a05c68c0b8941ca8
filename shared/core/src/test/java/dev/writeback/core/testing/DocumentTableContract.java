package dev.writeback.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DocumentTable} must do; an adapter's test extends this and supplies a fresh, empty table. */
public abstract class DocumentTableContract {
    protected DocumentTable table;

    protected abstract DocumentTable newEmptyTable();

    @BeforeEach
    void freshTable() {
        table = newEmptyTable();
    }

    @Test
    void createStoresRevisionOneAndGetReturnsIt() {
        StoredItem stored = table.create(StoredItem.of("P#1", "ROOT", "{\"a\":1}").withListing("L", "2025#1").withExpiry(99L));
        assertEquals(1, stored.revision());
        StoredItem read = table.get("P#1", "ROOT").orElseThrow();
        assertEquals(new StoredItem("P#1", "ROOT", 1, "L", "2025#1", 99L, "{\"a\":1}"), read);
        assertTrue(table.get("P#1", "OTHER").isEmpty());
    }

    @Test
    void creatingAnExistingItemConflictsAndKeepsTheFirst() {
        table.create(StoredItem.of("P#1", "ROOT", "{\"v\":\"first\"}"));
        assertThrows(ConflictException.class, () -> table.create(StoredItem.of("P#1", "ROOT", "{\"v\":\"second\"}")));
        assertEquals("{\"v\":\"first\"}", table.get("P#1", "ROOT").orElseThrow().body());
    }

    @Test
    void updateNeedsTheRevisionReadAndBumpsIt() {
        StoredItem v1 = table.create(StoredItem.of("P#1", "ROOT", "{\"v\":1}"));
        StoredItem v2 = table.update(v1.withBody("{\"v\":2}"));
        assertEquals(2, v2.revision());
        assertThrows(ConflictException.class, () -> table.update(v1.withBody("{\"v\":\"stale\"}")));
        assertEquals("{\"v\":2}", table.get("P#1", "ROOT").orElseThrow().body());
        assertEquals(3, table.update(v2.withBody("{\"v\":3}")).revision());
    }

    @Test
    void updatingAMissingItemIsNotFound() {
        assertThrows(NotFoundException.class, () -> table.update(StoredItem.of("P#9", "ROOT", "{}").withRevision(1)));
    }

    @Test
    void updateCanAddAndRemoveTheListing() {
        StoredItem v1 = table.create(StoredItem.of("P#1", "ROOT", "{}"));
        StoredItem listed = table.update(v1.withListing("L", "a"));
        assertEquals(1, table.queryListing("L", false, 10, null).items().size());
        table.update(new StoredItem("P#1", "ROOT", listed.revision(), null, null, null, "{}"));
        assertEquals(List.of(), table.queryListing("L", false, 10, null).items());
    }

    @Test
    void deleteNeedsTheRevisionRead() {
        StoredItem v1 = table.create(StoredItem.of("P#1", "ROOT", "{}"));
        table.update(v1);
        assertThrows(ConflictException.class, () -> table.delete("P#1", "ROOT", 1));
        table.delete("P#1", "ROOT", 2);
        assertTrue(table.get("P#1", "ROOT").isEmpty());
        assertThrows(NotFoundException.class, () -> table.delete("P#1", "ROOT", 2));
    }

    @Test
    void queryReturnsOnePartitionsPrefixSortedBySortKeyAsStrings() {
        for (String sk : List.of("VERSION#10", "VERSION#2", "ROOT", "VERSION#1")) {
            table.create(StoredItem.of("C#1", sk, "{}"));
        }
        table.create(StoredItem.of("C#2", "VERSION#1", "{}"));
        assertEquals(List.of("VERSION#1", "VERSION#10", "VERSION#2"), sks(table.query("C#1", "VERSION#", false, 10, null)));
        assertEquals(List.of("VERSION#2", "VERSION#10", "VERSION#1"), sks(table.query("C#1", "VERSION#", true, 10, null)));
    }

    @Test
    void queryPagesResumeAfterTheCursorAndTheLastPageHasNoCursor() {
        for (int i = 1; i <= 5; i++) {
            table.create(StoredItem.of("C#1", "ITEM#" + i, "{}"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<StoredItem> page = table.query("C#1", "ITEM#", true, 2, cursor);
            seen.addAll(sks(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(List.of("ITEM#5", "ITEM#4", "ITEM#3", "ITEM#2", "ITEM#1"), seen);
        assertEquals(3, pages);
        Page<StoredItem> exact = table.query("C#1", "ITEM#", false, 5, null);
        assertEquals(5, exact.items().size());
        assertNull(exact.nextCursor());
    }

    @Test
    void listingSortsByListingSortKeyAcrossPartitionsAndPages() {
        table.create(StoredItem.of("J#b", "ROOT", "{}").withListing("JOBS#acme", "2025-03-01T10:00:00Z#b"));
        table.create(StoredItem.of("J#a", "ROOT", "{}").withListing("JOBS#acme", "2025-03-01T09:00:00Z#a"));
        table.create(StoredItem.of("J#c", "ROOT", "{}").withListing("JOBS#acme", "2025-03-02T08:00:00Z#c"));
        table.create(StoredItem.of("J#x", "ROOT", "{}").withListing("JOBS#globex", "2025-03-01T00:00:00Z#x"));
        table.create(StoredItem.of("J#y", "ROOT", "{}"));

        Page<StoredItem> first = table.queryListing("JOBS#acme", true, 2, null);
        assertEquals(List.of("J#c", "J#b"), pks(first));
        Page<StoredItem> second = table.queryListing("JOBS#acme", true, 2, first.nextCursor());
        assertEquals(List.of("J#a"), pks(second));
        assertNull(second.nextCursor());
        assertEquals(List.of("J#a", "J#b", "J#c"), pks(table.queryListing("JOBS#acme", false, 10, null)));
        assertEquals(List.of(), table.queryListing("JOBS#nobody", false, 10, null).items());
    }

    private static List<String> sks(Page<StoredItem> page) {
        return page.items().stream().map(StoredItem::sk).toList();
    }

    private static List<String> pks(Page<StoredItem> page) {
        return page.items().stream().map(StoredItem::pk).toList();
    }
}
