package dev.writeback.core.store;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing.
 *
 * @param items the items, in the order asked for
 * @param nextCursor opaque cursor for the next page, or null when this is the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    public <R> Page<R> map(Function<? super T, ? extends R> f) {
        return new Page<>(items.stream().<R>map(f).toList(), nextCursor);
    }
}
