package dev.writeback.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every documented behaviour of {@link BlobStore}. An adapter's test extends this class and
 * supplies a fresh, empty store per test.
 */
public abstract class BlobStoreContract {
    private static final int MIB = 1024 * 1024;

    protected BlobStore store;

    /** A new, empty store (called before each test). */
    protected abstract BlobStore newStore() throws Exception;

    /** Releases what {@link #newStore()} made (called after each test). */
    protected void closeStore() throws Exception {
    }

    @BeforeEach
    final void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    final void releaseStore() throws Exception {
        closeStore();
    }

    @Test
    void putThenGetReturnsTheBytesAndContentType() {
        byte[] script = "function process(rows) { return rows; }\n".getBytes(StandardCharsets.UTF_8);

        store.put("scripts/c-1/v1.js", script, "text/javascript");

        BlobStore.Blob blob = store.get("scripts/c-1/v1.js").orElseThrow();
        assertEquals("scripts/c-1/v1.js", blob.key());
        assertArrayEquals(script, blob.bytes());
        assertEquals("text/javascript", blob.contentType());
        assertTrue(store.exists("scripts/c-1/v1.js"));
    }

    @Test
    void putReplacesThePreviousObject() {
        store.put("icons/c-1.png", new byte[] {1, 2, 3}, "image/png");

        store.put("icons/c-1.png", new byte[] {9}, "image/svg+xml");

        BlobStore.Blob blob = store.get("icons/c-1.png").orElseThrow();
        assertArrayEquals(new byte[] {9}, blob.bytes());
        assertEquals("image/svg+xml", blob.contentType());
    }

    @Test
    void withoutAContentTypeAnObjectIsOctetStream() throws IOException {
        store.put("a/no-type", new byte[] {1}, null);
        try (BlobStore.Upload upload = store.openUpload("a/no-type-upload", null)) {
            upload.write(2);
        }

        assertEquals("application/octet-stream", store.get("a/no-type").orElseThrow().contentType());
        assertEquals("application/octet-stream", store.get("a/no-type-upload").orElseThrow().contentType());
    }

    @Test
    void anEmptyObjectIsStoredAndRead() {
        store.put("runs/r-1/empty.csv", new byte[0], "text/csv");

        assertArrayEquals(new byte[0], store.get("runs/r-1/empty.csv").orElseThrow().bytes());
        assertTrue(store.exists("runs/r-1/empty.csv"));
    }

    @Test
    void anAbsentKeyIsEmptyMissingAndNotFoundWhenOpened() {
        store.put("runs/r-1/log.txt", new byte[] {1}, "text/plain");

        assertEquals(Optional.empty(), store.get("runs/r-1/other.txt"));
        assertFalse(store.exists("runs/r-1/other.txt"));
        assertFalse(store.exists("runs/r-1"), "a prefix of a key is not an object");
        NotFoundException e = assertThrows(NotFoundException.class, () -> store.open("runs/r-1/other.txt"));
        assertTrue(e.getMessage().contains("runs/r-1/other.txt"), e.getMessage());
    }

    @Test
    void openStreamsTheObject() throws IOException {
        byte[] bytes = randomBytes(200_000, 1);
        store.put("runs/r-1/output.csv", bytes, "text/csv");

        try (InputStream in = store.open("runs/r-1/output.csv")) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void deleteRemovesTheObjectAndDeletingAnAbsentKeyIsFine() {
        store.put("runs/r-1/log.txt", new byte[] {1}, "text/plain");
        store.put("runs/r-1/log.txt.old", new byte[] {2}, "text/plain");

        store.delete("runs/r-1/log.txt");
        store.delete("runs/r-1/log.txt");
        store.delete("never/there");

        assertEquals(Optional.empty(), store.get("runs/r-1/log.txt"));
        assertEquals(List.of("runs/r-1/log.txt.old"), store.list("runs/"));
    }

    @Test
    void listReturnsTheKeysUnderAPrefixSorted() {
        for (String key : List.of("runs/r10/log.txt", "scripts/a.js", "runs/r1/out.csv", "runs/r1/log.txt", "runs/r1/deep/x.bin")) {
            store.put(key, new byte[] {1}, "application/octet-stream");
        }

        assertEquals(List.of("runs/r1/deep/x.bin", "runs/r1/log.txt", "runs/r1/out.csv"), store.list("runs/r1/"));
        assertEquals(List.of("runs/r1/deep/x.bin", "runs/r1/log.txt", "runs/r1/out.csv", "runs/r10/log.txt"), store.list("runs/r1"));
        assertEquals(List.of("runs/r1/deep/x.bin", "runs/r1/log.txt", "runs/r1/out.csv", "runs/r10/log.txt", "scripts/a.js"), store.list(""));
        assertEquals(List.of("runs/r1/log.txt"), store.list("runs/r1/lo"));
        assertEquals(List.of(), store.list("nothing/"));
    }

    @Test
    void anUploadIsInvisibleUntilClosed() throws IOException {
        BlobStore.Upload upload = store.openUpload("runs/r-1/output.csv", "text/csv");
        upload.write("a,b\n".getBytes(StandardCharsets.UTF_8));
        upload.write("1,2\n".getBytes(StandardCharsets.UTF_8));

        assertFalse(store.exists("runs/r-1/output.csv"));
        assertEquals(List.of(), store.list("runs/"));
        assertEquals(8, upload.bytesWritten());

        upload.close();

        BlobStore.Blob blob = store.get("runs/r-1/output.csv").orElseThrow();
        assertEquals("a,b\n1,2\n", new String(blob.bytes(), StandardCharsets.UTF_8));
        assertEquals("text/csv", blob.contentType());
        assertEquals(List.of("runs/r-1/output.csv"), store.list("runs/"));
    }

    @Test
    void anEmptyUploadStoresAnEmptyObject() throws IOException {
        store.openUpload("runs/r-1/none.csv", "text/csv").close();

        assertArrayEquals(new byte[0], store.get("runs/r-1/none.csv").orElseThrow().bytes());
    }

    @Test
    void anAbortedUploadKeepsThePreviousContent() throws IOException {
        store.put("runs/r-1/output.csv", "old".getBytes(StandardCharsets.UTF_8), "text/csv");
        BlobStore.Upload upload = store.openUpload("runs/r-1/output.csv", "text/plain");
        upload.write("new content".getBytes(StandardCharsets.UTF_8));

        upload.abort();

        BlobStore.Blob blob = store.get("runs/r-1/output.csv").orElseThrow();
        assertEquals("old", new String(blob.bytes(), StandardCharsets.UTF_8));
        assertEquals("text/csv", blob.contentType());
        assertThrows(IOException.class, () -> upload.write(1));
    }

    @Test
    void anAbortedUploadToANewKeyLeavesNothing() throws IOException {
        BlobStore.Upload upload = store.openUpload("runs/r-2/output.csv", "text/csv");
        upload.write(randomBytes(6 * MIB, 2));

        upload.abort();

        assertFalse(store.exists("runs/r-2/output.csv"));
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void writingToAClosedUploadFails() throws IOException {
        BlobStore.Upload upload = store.openUpload("runs/r-1/a.txt", "text/plain");
        upload.write('x');
        upload.close();

        assertThrows(IOException.class, () -> upload.write('y'));
        assertArrayEquals(new byte[] {'x'}, store.get("runs/r-1/a.txt").orElseThrow().bytes());
    }

    @Test
    void aLargeStreamedUploadIsStoredWhole() throws IOException {
        int size = 12 * MIB + 12_345;
        MessageDigest written = sha256();
        BlobStore.Upload upload = store.openUpload("runs/r-1/big.bin", "application/octet-stream");
        Random random = new Random(42);
        byte[] chunk = new byte[64 * 1024];
        for (int left = size; left > 0; left -= chunk.length) {
            random.nextBytes(chunk);
            int n = Math.min(left, chunk.length);
            upload.write(chunk, 0, n);
            written.update(chunk, 0, n);
        }
        assertFalse(store.exists("runs/r-1/big.bin"), "nothing is visible before close, even past the first part");

        upload.close();

        assertEquals(size, upload.bytesWritten());
        MessageDigest read = sha256();
        long length = 0;
        try (InputStream in = store.open("runs/r-1/big.bin")) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.update(buffer, 0, n);
                length += n;
            }
        }
        assertEquals(size, length);
        assertEquals(HexFormat.of().formatHex(written.digest()), HexFormat.of().formatHex(read.digest()));
    }

    @Test
    void keysThatAreNotPlainRelativePathsAreRejected() {
        for (String bad : List.of("", "/abs/key", "a//b", "a/../b", "../up", "a/./b", "trailing/", "back\\slash")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> store.put(bad, new byte[] {1}, "text/plain"), bad);
            assertTrue(e.getMessage().contains("key"), e.getMessage());
        }
        assertEquals(List.of(), store.list(""));
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
