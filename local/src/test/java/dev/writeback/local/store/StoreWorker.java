package dev.writeback.local.store;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.store.StoredItem;
import java.nio.file.Files;
import java.nio.file.Path;

/** Another process on the same store directory: {@code StoreWorker <dir> <name> <count>}. */
public final class StoreWorker {
    private StoreWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String name = args[1];
        int count = Integer.parseInt(args[2]);
        FileDocumentTable table = new FileDocumentTable(dir.resolve("table"));
        FileSecretVault vault = new FileSecretVault(dir.resolve("secrets"));
        // Start together with the other process, not after a JVM start's head start.
        Files.createFile(dir.resolve(name + ".ready"));
        awaitFile(dir.resolve("go"));
        incrementCounter(table, count);
        for (int i = 0; i < count; i++) {
            vault.put(name + "/" + i, "value-" + i);
        }
    }

    static void awaitFile(Path file) throws InterruptedException {
        for (int i = 0; !Files.exists(file); i++) {
            if (i > 12_000) {
                throw new IllegalStateException("gave up waiting for " + file);
            }
            Thread.sleep(5);
        }
    }

    /** Adds one to the COUNTER item {@code count} times, retrying lost races. */
    static void incrementCounter(FileDocumentTable table, int count) {
        for (int done = 0; done < count; ) {
            StoredItem read = table.get("C", "COUNTER").orElseThrow();
            try {
                table.update(read.withBody(Long.toString(Long.parseLong(read.body()) + 1)));
                done++;
            } catch (ConflictException e) {
                // another writer won this revision: read again
            }
        }
    }
}
