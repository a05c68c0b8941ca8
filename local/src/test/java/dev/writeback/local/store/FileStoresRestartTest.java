package dev.writeback.local.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.StoredItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one instance wrote, a new instance over the same directory sees; secrets stay private. */
class FileStoresRestartTest {
    @TempDir
    Path dir;

    @Test
    void aNewTableOverTheSameDirectorySeesEverything() {
        FileDocumentTable before = new FileDocumentTable(dir);
        StoredItem v1 = before.create(StoredItem.of("CONNECTOR#c-1", "META", "{\"name\":\"a\"}").withListing("CONNECTORS", "a"));
        before.update(v1.withBody("{\"name\":\"b\"}").withExpiry(1_900_000_000L));
        before.create(StoredItem.of("CONNECTOR#c-1", "VERSION#1", "{}"));

        FileDocumentTable after = new FileDocumentTable(dir);

        StoredItem expected = new StoredItem("CONNECTOR#c-1", "META", 2, "CONNECTORS", "a", 1_900_000_000L, "{\"name\":\"b\"}");
        assertEquals(Optional.of(expected), after.get("CONNECTOR#c-1", "META"));
        assertEquals(List.of("META", "VERSION#1"), after.query("CONNECTOR#c-1", "", false, 10, null).items().stream().map(StoredItem::sk).toList());
        assertEquals(List.of(expected), after.queryListing("CONNECTORS", false, 10, null).items());
        assertEquals(3, after.update(expected).revision());
    }

    @Test
    void aNewBlobStoreOverTheSameDirectorySeesEverything() throws IOException {
        FileBlobStore before = new FileBlobStore(dir);
        before.put("scripts/c-1/v1.js", "code".getBytes(StandardCharsets.UTF_8), "text/javascript");
        try (BlobStore.Upload upload = before.openUpload("runs/r~1/out.csv", "text/csv")) {
            upload.write("a,b\n".getBytes(StandardCharsets.UTF_8));
        }
        BlobStore.Upload pending = before.openUpload("runs/r~1/never.csv", "text/csv");
        pending.write(1);

        FileBlobStore after = new FileBlobStore(dir);

        assertEquals(List.of("runs/r~1/out.csv", "scripts/c-1/v1.js"), after.list(""));
        BlobStore.Blob blob = after.get("runs/r~1/out.csv").orElseThrow();
        assertEquals("text/csv", blob.contentType());
        assertArrayEquals("a,b\n".getBytes(StandardCharsets.UTF_8), blob.bytes());
        pending.abort();
    }

    @Test
    void aRestartRemovesTempFilesAbandonedADayAgoButNotFreshOnes() throws IOException {
        new FileBlobStore(dir);
        Path abandoned = Files.writeString(dir.resolve("tmp/w1.tmp"), "crashed upload");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(25))));
        Path fresh = Files.writeString(dir.resolve("tmp/w2.tmp"), "upload in progress elsewhere");

        new FileBlobStore(dir);

        try (Stream<Path> left = Files.list(dir.resolve("tmp"))) {
            assertEquals(List.of(fresh), left.toList());
        }
    }

    @Test
    void aNewVaultOverTheSameDirectorySeesEverythingAndOnlyTheOwnerCanReadIt() throws IOException {
        FileSecretVault before = new FileSecretVault(dir.resolve("secrets"));
        before.put("account/a-1/token", "t-1");
        before.put("account/a-2/token", "t-2");
        before.delete("account/a-2/token");

        FileSecretVault after = new FileSecretVault(dir.resolve("secrets"));

        assertEquals(Optional.of("t-1"), after.get("account/a-1/token"));
        assertEquals(Optional.empty(), after.get("account/a-2/token"));
        Assumptions.assumeTrue(StoreDirectory.POSIX, "file permissions are POSIX only");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets"))));
        try (Stream<Path> files = Files.list(dir.resolve("secrets"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
            }
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets/secrets.json"))));
    }
}
