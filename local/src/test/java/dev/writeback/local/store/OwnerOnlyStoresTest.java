package dev.writeback.local.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.StoredItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run outputs, run records and job state are as private as the vault: folders 0700, files 0600. */
class OwnerOnlyStoresTest {
    @TempDir
    Path home;

    @BeforeEach
    void posixOnly() {
        Assumptions.assumeTrue(OwnerOnly.POSIX, "file permissions are POSIX only");
    }

    @Test
    void blobsWrittenWholeOrStreamedAreTheOwnersAlone() throws IOException {
        FileBlobStore blobs = new FileBlobStore(home.resolve("blobs"));
        blobs.put("runs/run-1/log.txt", "starting\n".getBytes(StandardCharsets.UTF_8), "text/plain");
        try (BlobStore.Upload upload = blobs.openUpload("runs/run-1/output.csv", "text/csv")) {
            upload.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        }
        blobs.put("runs/run-1/log.txt", "starting\nended\n".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertEquals(List.of(), notOwnerOnly(home.resolve("blobs")));
    }

    @Test
    void tableItemsAndTheirListingMarkersAreTheOwnersAlone() throws IOException {
        FileDocumentTable table = new FileDocumentTable(home.resolve("table"));
        StoredItem job = table.create(StoredItem.of("JOB#j-1", "META", "{\"name\":\"a\"}").withListing("JOBS#acme", "a"));
        table.update(job.withBody("{\"name\":\"b\"}"));
        table.create(StoredItem.of("JOB#j-1", "STATE", "{\"cursor\":\"42\"}"));

        assertEquals(List.of(), notOwnerOnly(home.resolve("table")));
    }

    @Test
    void aStoreFolderMadeByAnEarlierVersionBecomesTheOwnersAlone() throws IOException {
        Path blobs = Files.createDirectories(home.resolve("blobs"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        new FileBlobStore(blobs).put("k", new byte[] {1}, "application/octet-stream");

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(blobs)));
    }

    /** Every folder under {@code root} (itself included) that is not 0700 and every file that is not 0600. */
    static List<String> notOwnerOnly(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (!mode.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
                    found.add(root.relativize(p) + " " + mode);
                }
            }
        }
        return found;
    }
}
