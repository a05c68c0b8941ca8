package dev.writeback.local.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.writeback.core.store.StoredItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs writing the same store directory at once lose no update. */
class FileStoresAcrossProcessesIT {
    private static final int COUNT = 30;

    @TempDir
    Path dir;

    @Test
    void anotherProcessWritingAtTheSameTimeLosesNothing() throws Exception {
        FileDocumentTable table = new FileDocumentTable(dir.resolve("table"));
        table.create(StoredItem.of("C", "COUNTER", "0"));
        FileSecretVault vault = new FileSecretVault(dir.resolve("secrets"));
        Path log = dir.resolve("worker.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process worker = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), StoreWorker.class.getName(),
                dir.toString(), "child", Integer.toString(COUNT))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        StoreWorker.awaitFile(dir.resolve("child.ready"));
        Files.createFile(dir.resolve("go"));
        StoreWorker.incrementCounter(table, COUNT);
        for (int i = 0; i < COUNT; i++) {
            vault.put("parent/" + i, "value-" + i);
        }

        if (!worker.waitFor(120, TimeUnit.SECONDS)) {
            worker.destroyForcibly();
        }
        assertEquals(0, worker.exitValue(), () -> "worker failed: " + read(log));
        StoredItem counter = table.get("C", "COUNTER").orElseThrow();
        assertEquals(Integer.toString(2 * COUNT), counter.body());
        assertEquals(2 * COUNT + 1, counter.revision());
        for (String writer : List.of("parent", "child")) {
            for (int i = 0; i < COUNT; i++) {
                assertEquals(Optional.of("value-" + i), vault.get(writer + "/" + i), writer + "/" + i);
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
