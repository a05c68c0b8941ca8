package dev.writeback.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.BlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryBlobStoreTest {
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();

    @Test
    void anUploadIsInvisibleUntilClosedAndAnAbortKeepsThePreviousContent() throws IOException {
        blobs.put("runs/r1/out.csv", "old".getBytes(StandardCharsets.UTF_8), "text/csv");
        BlobStore.Upload upload = blobs.openUpload("runs/r1/out.csv", "text/csv");
        upload.write("new,rows\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(9, upload.bytesWritten());
        assertEquals("old", blobs.text("runs/r1/out.csv"));
        upload.abort();
        upload.close();
        assertEquals("old", blobs.text("runs/r1/out.csv"));

        try (BlobStore.Upload second = blobs.openUpload("runs/r1/out.csv", "text/csv")) {
            second.write("a\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("a\n", blobs.text("runs/r1/out.csv"));
    }

    @Test
    void listIsSortedAndOpeningAMissingKeyIsNotFound() throws IOException {
        blobs.put("b/2", new byte[] {2}, "x");
        blobs.put("a/1", new byte[] {1}, "x");
        blobs.put("b/1", new byte[] {1}, "x");
        assertEquals(List.of("b/1", "b/2"), blobs.list("b/"));
        try (var in = blobs.open("a/1")) {
            assertArrayEquals(new byte[] {1}, in.readAllBytes());
        }
        blobs.delete("a/1");
        blobs.delete("a/1");
        assertFalse(blobs.exists("a/1"));
        assertThrows(NotFoundException.class, () -> blobs.open("a/1"));
    }
}
