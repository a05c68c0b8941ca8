package dev.writeback.core.store;

import dev.writeback.core.json.Json;

/** Reads and writes domain records as item bodies; the item's revision is the source of truth. */
public final class ItemCodec {
    private ItemCodec() {
    }

    public static <T> T read(StoredItem item, Class<T> type) {
        return Json.read(item.body(), type);
    }

    public static String write(Object value) {
        return Json.write(value);
    }
}
