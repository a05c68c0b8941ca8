package dev.writeback.local.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A store's directory: an exclusive lock shared by every thread and process working on it, and
 * atomic file replacement (write a temp file in the same directory tree, then ATOMIC_MOVE). Its folders
 * and files are the owner's alone ({@link OwnerOnly}).
 */
final class StoreDirectory {
    /** File locks belong to the JVM, not to a thread: threads queue on this lock first. */
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    static final boolean POSIX = OwnerOnly.POSIX;

    private final Path root;
    private final Path tmp;
    private final Path lockFile;
    private final ReentrantLock jvmLock;

    StoreDirectory(Path dir) {
        try {
            OwnerOnly.folder(dir);
            this.root = dir.toRealPath();
            this.tmp = OwnerOnly.folders(root.resolve("tmp"));
            removeAbandonedTempFiles(tmp);
            this.lockFile = root.resolve(".lock");
            try {
                OwnerOnly.file(lockFile);
            } catch (FileAlreadyExistsException e) {
                // made by an earlier instance or another process
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the store directory " + dir + ": " + e.getMessage(), e);
        }
        this.jvmLock = JVM_LOCKS.computeIfAbsent(root, p -> new ReentrantLock());
    }

    /** Temp files a crashed writer left; a day-old one belongs to no live upload. */
    private static void removeAbandonedTempFiles(Path tmp) throws IOException {
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp, "*.tmp")) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(dayAgo)) {
                        Files.deleteIfExists(file);
                    }
                } catch (NoSuchFileException e) {
                    // another process cleaned it first
                }
            }
        }
    }

    Path root() {
        return root;
    }

    interface IoAction<T> {
        T run() throws IOException;
    }

    /** Runs an action while holding the directory's lock against other threads and processes. */
    <T> T locked(IoAction<T> action) {
        jvmLock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            return action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("The store in " + root + " cannot be read or written: " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    /** Replaces (or creates) {@code target} with {@code bytes} so that readers see the old or the new file, never a mix. */
    void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = newTempFile();
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                out.write(bytes);
                out.flush();
                channel.force(true);
            }
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new empty file in the store's temp directory (same file system, so ATOMIC_MOVE works). */
    Path newTempFile() throws IOException {
        return OwnerOnly.tempFile(tmp, "w", ".tmp");
    }

    static void moveIntoPlace(Path temp, Path target) throws IOException {
        OwnerOnly.folders(target.getParent());
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The file's bytes, or null when it does not exist. */
    static byte[] readIfExists(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
