package dev.writeback.local.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Everything the embedded default keeps under its home (tables, run outputs and logs, job state, secrets, File
 * Drop uploads) is the owner's alone: folders 0700, files 0600, set as they are created so no other user can
 * open one in between. A non-POSIX file system keeps its own defaults.
 */
public final class OwnerOnly {
    public static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];
    private static final String FOLDER = "rwx------";
    private static final String FILE = "rw-------";

    private OwnerOnly() {
    }

    /** Creates the folder and any missing parents as 0700; the folders that already exist keep their mode. */
    public static Path folders(Path dir) throws IOException {
        return Files.createDirectories(dir, mode(FOLDER));
    }

    /** As {@link #folders}, and the folder itself becomes 0700 if it existed with another mode. */
    public static Path folder(Path dir) throws IOException {
        folders(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(FOLDER));
        }
        return dir;
    }

    /** A new empty 0600 file in {@code dir} (moved into place later, it keeps that mode). */
    public static Path tempFile(Path dir, String prefix, String suffix) throws IOException {
        return Files.createTempFile(dir, prefix, suffix, mode(FILE));
    }

    /** A new empty 0600 file. */
    public static Path file(Path file) throws IOException {
        return Files.createFile(file, mode(FILE));
    }

    private static FileAttribute<?>[] mode(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(permissions))} : NONE;
    }
}
