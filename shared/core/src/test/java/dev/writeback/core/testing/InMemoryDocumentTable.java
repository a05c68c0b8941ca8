package dev.writeback.core.testing;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.ItemRules;
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
import java.util.function.Function;

/**
 * The single table in memory, held to {@link DocumentTableContract} like the real adapters:
 * conditional writes with revisions, string ordering of sort keys and listing keys, and opaque
 * cursors that resume after the last item returned and belong to one partition or listing.
 * Listing ties are broken by (pk, sk) so paging is deterministic.
 */
public final class InMemoryDocumentTable implements DocumentTable {
    private static final Comparator<StoredItem> BY_SK = Comparator.comparing(StoredItem::sk);
    private static final Comparator<StoredItem> BY_LISTING = Comparator.comparing(StoredItem::gsi1sk)
            .thenComparing(StoredItem::pk).thenComparing(StoredItem::sk);
    private static final Comparator<List<String>> POSITION = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private final Map<String, StoredItem> items = new LinkedHashMap<>();
    private int writes;

    @Override
    public synchronized Optional<StoredItem> get(String pk, String sk) {
        ItemRules.requireKeys(pk, sk);
        return Optional.ofNullable(items.get(key(pk, sk)));
    }

    @Override
    public synchronized StoredItem create(StoredItem item) {
        ItemRules.checked(item);
        String key = key(item.pk(), item.sk());
        if (items.containsKey(key)) {
            throw new ConflictException("Item " + ItemRules.describe(item.pk(), item.sk()) + " exists already.");
        }
        return store(key, item.withRevision(1));
    }

    @Override
    public synchronized StoredItem update(StoredItem item) {
        ItemRules.checked(item);
        String key = key(item.pk(), item.sk());
        StoredItem current = items.get(key);
        if (current == null) {
            throw new NotFoundException("Item " + ItemRules.describe(item.pk(), item.sk()) + " does not exist.");
        }
        if (current.revision() != item.revision()) {
            throw new ConflictException("Item " + ItemRules.describe(item.pk(), item.sk()) + " is at revision "
                    + current.revision() + ", not " + item.revision() + ".");
        }
        return store(key, item.withRevision(current.revision() + 1));
    }

    @Override
    public synchronized void delete(String pk, String sk, long expectedRevision) {
        ItemRules.requireKeys(pk, sk);
        String key = key(pk, sk);
        StoredItem current = items.get(key);
        if (current == null) {
            throw new NotFoundException("Item " + ItemRules.describe(pk, sk) + " does not exist.");
        }
        if (current.revision() != expectedRevision) {
            throw new ConflictException("Item " + ItemRules.describe(pk, sk) + " is at revision " + current.revision()
                    + ", not " + expectedRevision + ".");
        }
        items.remove(key);
        writes++;
    }

    @Override
    public synchronized Page<StoredItem> query(String pk, String skPrefix, boolean descending, int limit, String cursor) {
        ItemRules.requireLimit(limit);
        String prefix = skPrefix == null ? "" : skPrefix;
        List<StoredItem> matching = items.values().stream()
                .filter(i -> i.pk().equals(pk) && i.sk().startsWith(prefix))
                .sorted(descending ? BY_SK.reversed() : BY_SK)
                .toList();
        return page(matching, descending, limit, "query " + pk, cursor, i -> List.of(i.sk()));
    }

    @Override
    public synchronized Page<StoredItem> queryListing(String gsi1pk, boolean descending, int limit, String cursor) {
        ItemRules.requireLimit(limit);
        List<StoredItem> matching = items.values().stream()
                .filter(i -> gsi1pk.equals(i.gsi1pk()))
                .sorted(descending ? BY_LISTING.reversed() : BY_LISTING)
                .toList();
        return page(matching, descending, limit, "listing " + gsi1pk, cursor, i -> List.of(i.gsi1sk(), i.pk(), i.sk()));
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

    /** The page after the cursor's position (which need not be an item that still exists). */
    private static Page<StoredItem> page(List<StoredItem> sorted, boolean descending, int limit, String scope, String cursor,
                                         Function<StoredItem, List<String>> position) {
        int start = 0;
        if (cursor != null) {
            List<String> after = decode(cursor, scope);
            start = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                int c = POSITION.compare(position.apply(sorted.get(i)), after);
                if (descending ? c < 0 : c > 0) {
                    start = i;
                    break;
                }
            }
        }
        int end = Math.min(sorted.size(), start + limit);
        List<StoredItem> pageItems = new ArrayList<>(sorted.subList(start, end));
        String next = end < sorted.size() ? encode(scope, position.apply(pageItems.getLast())) : null;
        return new Page<>(pageItems, next);
    }

    private static String encode(String scope, List<String> position) {
        List<String> parts = new ArrayList<>();
        parts.add(scope);
        parts.addAll(position);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> decode(String cursor, String scope) {
        List<String> parts;
        try {
            parts = List.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\u0000", -1));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The page cursor '" + cursor + "' is not one this table gave out.");
        }
        if (parts.size() < 2) {
            throw new InvalidInputException("The page cursor '" + cursor + "' is not one this table gave out.");
        }
        if (!parts.getFirst().equals(scope)) {
            throw new InvalidInputException("The page cursor belongs to another listing; ask for the first page again without a cursor.");
        }
        return parts.subList(1, parts.size());
    }

    private static String key(String pk, String sk) {
        return pk + "\u0000" + sk;
    }
}
