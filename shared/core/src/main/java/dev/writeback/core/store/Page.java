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
    /** Items per page when a listing is asked for without a limit. */
    public static final int DEFAULT_LIMIT = 25;
    /** The most items a listing returns per page, whatever limit is asked for. */
    public static final int MAX_LIMIT = 100;

    public Page {
        items = List.copyOf(items);
    }

    /** The page size for a caller's {@code limit}: {@link #DEFAULT_LIMIT} when not given (0 or less), at most {@link #MAX_LIMIT}. */
    public static int limit(int requested) {
        return requested <= 0 ? DEFAULT_LIMIT : Math.min(requested, MAX_LIMIT);
    }

    public <R> Page<R> map(Function<? super T, ? extends R> f) {
        return new Page<>(items.stream().<R>map(f).toList(), nextCursor);
    }
}
