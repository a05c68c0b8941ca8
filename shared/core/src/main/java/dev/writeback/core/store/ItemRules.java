package dev.writeback.core.store;

import dev.writeback.core.Limits;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;

/** The checks every {@link DocumentTable} adapter applies before touching its backend. */
public final class ItemRules {
    private ItemRules() {
    }

    public static StoredItem checked(StoredItem item) {
        requireKeys(item.pk(), item.sk());
        if (item.gsi1pk() != null && (item.gsi1pk().isEmpty() || item.gsi1sk().isEmpty())) {
            throw new InvalidInputException("The listing keys of item " + describe(item.pk(), item.sk()) + " must not be empty.");
        }
        int bytes = item.body() == null ? 0 : item.body().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Limits.ITEM_BODY_BYTES) {
            throw new PayloadTooLargeException("Item " + describe(item.pk(), item.sk()) + " would be " + bytes
                    + " bytes; a stored item is at most " + Limits.ITEM_BODY_BYTES + " bytes.");
        }
        return item;
    }

    public static void requireKeys(String pk, String sk) {
        if (pk == null || pk.isEmpty() || sk == null || sk.isEmpty()) {
            throw new InvalidInputException("An item needs a non-empty partition key and sort key.");
        }
    }

    public static void requireLimit(int limit) {
        if (limit < 1) {
            throw new InvalidInputException("The page size must be at least 1, not " + limit + ".");
        }
    }

    public static String describe(String pk, String sk) {
        return pk + " / " + sk;
    }
}
