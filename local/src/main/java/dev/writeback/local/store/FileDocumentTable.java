package dev.writeback.local.store;

import static dev.writeback.core.store.ItemRules.checked;
import static dev.writeback.core.store.ItemRules.describe;
import static dev.writeback.core.store.ItemRules.requireKeys;
import static dev.writeback.core.store.ItemRules.requireLimit;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.writeback.core.Sha256;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.json.Json;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.StoredItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link DocumentTable} in a directory, with the same semantics as the DynamoDB adapter.
 *
 * <p>Layout: {@code items/<hash(pk)>/<hash(sk)>.json} holds one item; a listed item also has an
 * empty marker {@code listing/<hash(gsi1pk)>/<hash(pk)>_<hash(sk)>}. Hashed names keep any key
 * legal on every file system (length, characters, case-insensitive disks). Writes run under the
 * directory's lock (threads and processes) and replace files atomically, so reads need no lock.
 * A crash can leave a stale marker, never a missing one: markers are written before the item,
 * removed after it, and every listing read checks the item it points to.
 */
public final class FileDocumentTable implements DocumentTable {
    private static final TypeReference<Map<String, String>> CURSOR = new TypeReference<>() {
    };
    /** DynamoDB orders string keys by their UTF-8 bytes, which is code point order. */
    static final Comparator<String> KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };
    private static final Comparator<StoredItem> LISTING_ORDER = Comparator.comparing(StoredItem::gsi1sk, KEY_ORDER)
            .thenComparing(StoredItem::pk, KEY_ORDER).thenComparing(StoredItem::sk, KEY_ORDER);

    private final StoreDirectory dir;
    private final Path items;
    private final Path listing;

    public FileDocumentTable(Path directory) {
        this.dir = new StoreDirectory(directory);
        this.items = dir.root().resolve("items");
        this.listing = dir.root().resolve("listing");
    }

    @Override
    public Optional<StoredItem> get(String pk, String sk) {
        requireKeys(pk, sk);
        try {
            return Optional.ofNullable(read(itemFile(pk, sk)));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public StoredItem create(StoredItem item) {
        StoredItem stored = checked(item).withRevision(1);
        return dir.locked(() -> {
            if (read(itemFile(item.pk(), item.sk())) != null) {
                throw new ConflictException("The item " + describe(item.pk(), item.sk()) + " exists already.");
            }
            write(null, stored);
            return stored;
        });
    }

    @Override
    public StoredItem update(StoredItem item) {
        StoredItem stored = checked(item).withRevision(item.revision() + 1);
        return dir.locked(() -> {
            StoredItem current = expect(item.pk(), item.sk(), item.revision(), "update");
            write(current, stored);
            return stored;
        });
    }

    @Override
    public void delete(String pk, String sk, long expectedRevision) {
        requireKeys(pk, sk);
        dir.locked(() -> {
            StoredItem current = expect(pk, sk, expectedRevision, "delete");
            Path file = itemFile(pk, sk);
            Files.delete(file);
            deleteEmptyDirectory(file.getParent());
            if (current.gsi1pk() != null) {
                Path marker = marker(current);
                Files.deleteIfExists(marker);
                deleteEmptyDirectory(marker.getParent());
            }
            return null;
        });
    }

    private StoredItem expect(String pk, String sk, long revision, String action) throws IOException {
        StoredItem current = read(itemFile(pk, sk));
        if (current == null) {
            throw new NotFoundException("There is no item " + describe(pk, sk) + " to " + action + ".");
        }
        if (current.revision() != revision) {
            throw new ConflictException("The item " + describe(pk, sk) + " changed since it was read (revision "
                    + current.revision() + " is stored, the " + action + " named revision " + revision + ").");
        }
        return current;
    }

    /** Writes an item (under the lock): new marker first, then the item, then the old marker goes. */
    private void write(StoredItem previous, StoredItem item) throws IOException {
        if (item.gsi1pk() != null) {
            Path marker = marker(item);
            OwnerOnly.folders(marker.getParent());
            if (!Files.exists(marker)) {
                OwnerOnly.file(marker);
            }
        }
        dir.writeAtomically(itemFile(item.pk(), item.sk()), Json.write(item).getBytes(StandardCharsets.UTF_8));
        if (previous != null && previous.gsi1pk() != null && !marker(previous).equals(item.gsi1pk() == null ? null : marker(item))) {
            Files.deleteIfExists(marker(previous));
            deleteEmptyDirectory(marker(previous).getParent());
        }
    }

    @Override
    public Page<StoredItem> query(String pk, String skPrefix, boolean descending, int limit, String cursor) {
        requireKeys(pk, "-");
        requireLimit(limit);
        Map<String, String> after = decode(cursor, Set.of("pk", "sk"), "pk", pk);
        String prefix = skPrefix == null ? "" : skPrefix;
        try {
            List<StoredItem> found = new ArrayList<>();
            for (Path file : children(items.resolve(hash(pk)))) {
                StoredItem item = read(file);
                if (item != null && item.pk().equals(pk) && item.sk().startsWith(prefix)) {
                    found.add(item);
                }
            }
            Comparator<StoredItem> order = Comparator.comparing(StoredItem::sk, KEY_ORDER);
            StoredItem start = after == null ? null : new StoredItem(pk, after.get("sk"), 0, null, null, null, "");
            return page(found, descending ? order.reversed() : order, start, limit, i -> Map.of("pk", i.pk(), "sk", i.sk()));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public Page<StoredItem> queryListing(String gsi1pk, boolean descending, int limit, String cursor) {
        if (gsi1pk == null || gsi1pk.isEmpty()) {
            throw new InvalidInputException("A listing query needs a listing key.");
        }
        requireLimit(limit);
        Map<String, String> after = decode(cursor, Set.of("gsi1pk", "gsi1sk", "pk", "sk"), "gsi1pk", gsi1pk);
        try {
            List<StoredItem> found = new ArrayList<>();
            for (Path marker : children(listing.resolve(hash(gsi1pk)))) {
                String[] names = marker.getFileName().toString().split("_");
                StoredItem item = read(items.resolve(names[0]).resolve(names[1] + ".json"));
                if (item != null && gsi1pk.equals(item.gsi1pk())) {
                    found.add(item);
                }
            }
            StoredItem start = after == null ? null
                    : new StoredItem(after.get("pk"), after.get("sk"), 0, gsi1pk, after.get("gsi1sk"), null, "");
            return page(found, descending ? LISTING_ORDER.reversed() : LISTING_ORDER, start, limit,
                    i -> Map.of("gsi1pk", i.gsi1pk(), "gsi1sk", i.gsi1sk(), "pk", i.pk(), "sk", i.sk()));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private static Page<StoredItem> page(List<StoredItem> found, Comparator<StoredItem> order, StoredItem after, int limit,
                                         Function<StoredItem, Map<String, String>> cursorOf) {
        List<StoredItem> sorted = found.stream().sorted(order).filter(i -> after == null || order.compare(i, after) > 0).toList();
        if (sorted.size() <= limit) {
            return new Page<>(sorted, null);
        }
        List<StoredItem> page = sorted.subList(0, limit);
        return new Page<>(page, encode(cursorOf.apply(page.get(limit - 1))));
    }

    private static String encode(Map<String, String> key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(new LinkedHashMap<>(key)).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> decode(String cursor, Set<String> fields, String partitionField, String partition) {
        if (cursor == null) {
            return null;
        }
        Map<String, String> key;
        try {
            key = Json.MAPPER.readValue(Base64.getUrlDecoder().decode(cursor), CURSOR);
        } catch (IllegalArgumentException | IOException e) {
            throw invalidCursor();
        }
        if (key == null || !key.keySet().equals(fields) || key.values().stream().anyMatch(v -> v == null || v.isEmpty())) {
            throw invalidCursor();
        }
        if (!key.get(partitionField).equals(partition)) {
            throw new InvalidInputException("The page cursor belongs to another listing; ask for the first page again without a cursor.");
        }
        return key;
    }

    private static InvalidInputException invalidCursor() {
        return new InvalidInputException("The page cursor is not valid; ask for the first page again without a cursor.");
    }

    private static List<Path> children(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(files::add);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return files;
    }

    private static StoredItem read(Path file) throws IOException {
        byte[] bytes = StoreDirectory.readIfExists(file);
        return bytes == null ? null : Json.MAPPER.readValue(bytes, StoredItem.class);
    }

    /** Removes a directory left empty (under the lock, so no writer is about to fill it). */
    private static void deleteEmptyDirectory(Path directory) throws IOException {
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            // still in use
        }
    }

    private Path itemFile(String pk, String sk) {
        return items.resolve(hash(pk)).resolve(hash(sk) + ".json");
    }

    private Path marker(StoredItem item) {
        return listing.resolve(hash(item.gsi1pk())).resolve(hash(item.pk()) + "_" + hash(item.sk()));
    }

    private static String hash(String key) {
        return Sha256.hex(key, 20);
    }


    private UncheckedIOException failure(IOException e) {
        return new UncheckedIOException("The table in " + dir.root() + " cannot be read: " + e.getMessage(), e);
    }
}
