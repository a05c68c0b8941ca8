package dev.writeback.core.testing;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The single table in memory, following the {@link DocumentTable} contract: conditional writes
 * with revisions, string ordering of sort keys and listing keys, and opaque cursors that resume
 * after the last item returned. Listing ties are broken by (pk, sk) so paging is deterministic.
 */
public final class InMemoryDocumentTable implements DocumentTable {
    private static final Comparator<StoredItem> BY_SK = Comparator.comparing(StoredItem::sk);
    private static final Comparator<StoredItem> BY_LISTING = Comparator.comparing(StoredItem::gsi1sk)
            .thenComparing(StoredItem::pk).thenComparing(StoredItem::sk);

    private final Map<String, StoredItem> items = new LinkedHashMap<>();
    private int writes;

    @Override
    public synchronized Optional<StoredItem> get(String pk, String sk) {
        return Optional.ofNullable(items.get(key(pk, sk)));
    }

    @Override
    public synchronized StoredItem create(StoredItem item) {
        String key = key(item.pk(), item.sk());
        if (items.containsKey(key)) {
            throw new ConflictException("Item " + item.pk() + " / " + item.sk() + " exists already.");
        }
        return store(key, item.withRevision(1));
    }

    @Override
    public synchronized StoredItem update(StoredItem item) {
        String key = key(item.pk(), item.sk());
        StoredItem current = items.get(key);
        if (current == null) {
            throw new NotFoundException("Item " + item.pk() + " / " + item.sk() + " does not exist.");
        }
        if (current.revision() != item.revision()) {
            throw new ConflictException("Item " + item.pk() + " / " + item.sk() + " is at revision "
                    + current.revision() + ", not " + item.revision() + ".");
        }
        return store(key, item.withRevision(current.revision() + 1));
    }

    @Override
    public synchronized void delete(String pk, String sk, long expectedRevision) {
        String key = key(pk, sk);
        StoredItem current = items.get(key);
        if (current == null) {
            throw new NotFoundException("Item " + pk + " / " + sk + " does not exist.");
        }
        if (current.revision() != expectedRevision) {
            throw new ConflictException("Item " + pk + " / " + sk + " is at revision " + current.revision()
                    + ", not " + expectedRevision + ".");
        }
        items.remove(key);
        writes++;
    }

    @Override
    public synchronized Page<StoredItem> query(String pk, String skPrefix, boolean descending, int limit, String cursor) {
        List<StoredItem> matching = items.values().stream()
                .filter(i -> i.pk().equals(pk) && i.sk().startsWith(skPrefix == null ? "" : skPrefix))
                .sorted(descending ? BY_SK.reversed() : BY_SK)
                .toList();
        return page(matching, limit, cursor, i -> List.of(i.sk()));
    }

    @Override
    public synchronized Page<StoredItem> queryListing(String gsi1pk, boolean descending, int limit, String cursor) {
        List<StoredItem> matching = items.values().stream()
                .filter(i -> gsi1pk.equals(i.gsi1pk()))
                .sorted(descending ? BY_LISTING.reversed() : BY_LISTING)
                .toList();
        return page(matching, limit, cursor, i -> List.of(i.gsi1sk(), i.pk(), i.sk()));
    }

    /** Every stored item, for assertions. */
    public synchronized List<StoredItem> all() {
        return List.copyOf(items.values());
    }

    /** How many successful writes (create, update, delete) the table has taken. */
    public synchronized int writes() {
        return writes;
    }

    private StoredItem store(String key, StoredItem item) {
        items.put(key, item);
        writes++;
        return item;
    }

    private static Page<StoredItem> page(List<StoredItem> sorted, int limit, String cursor,
                                         java.util.function.Function<StoredItem, List<String>> position) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        int start = 0;
        if (cursor != null) {
            List<String> after = decode(cursor);
            start = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                if (position.apply(sorted.get(i)).equals(after)) {
                    start = i + 1;
                    break;
                }
            }
        }
        int end = Math.min(sorted.size(), start + limit);
        List<StoredItem> pageItems = new ArrayList<>(sorted.subList(Math.min(start, end), end));
        String next = end < sorted.size() ? encode(position.apply(pageItems.getLast())) : null;
        return new Page<>(pageItems, next);
    }

    private static String encode(List<String> position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("\u0000", position).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> decode(String cursor) {
        try {
            return List.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\u0000", -1));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The page cursor '" + cursor + "' is not one this listing gave out.");
        }
    }

    private static String key(String pk, String sk) {
        return pk + "\u0000" + sk;
    }
}
