package dev.writeback.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A page of the items of a listing that a caller may see, when the store cannot filter: reads at most as many
 * items as are still missing, so every item read is either answered or skipped, and the store's cursor of the
 * last read is exactly where the next page starts.
 */
public final class FilteredListing {
    /** One read of the underlying listing. */
    @FunctionalInterface
    public interface Reader {
        Page<StoredItem> read(int limit, String cursor);
    }

    private FilteredListing() {
    }

    /** @param shown the item as the caller sees it, or empty to skip it */
    public static <T> Page<T> page(Reader reader, Function<StoredItem, Optional<T>> shown, int limit, String cursor) {
        List<T> items = new ArrayList<>();
        String next = cursor;
        do {
            Page<StoredItem> read = reader.read(limit - items.size(), next);
            for (StoredItem item : read.items()) {
                shown.apply(item).ifPresent(items::add);
            }
            next = read.nextCursor();
        } while (items.size() < limit && next != null);
        return new Page<>(items, next);
    }
}
