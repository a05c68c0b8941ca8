package dev.writeback.sql.scratch;

import dev.writeback.core.scratch.ScratchDatabase;
import dev.writeback.core.scratch.ScratchDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.h2.Driver;

/**
 * Scratch databases on embedded H2: each one a single {@code .mv.db} file in its own temporary folder, opened by
 * this process only. Scripts never write SQL: {@link H2ScratchDatabase} builds every statement from validated
 * identifiers and binds every value, so H2's file functions, links and aliases are out of their reach.
 */
public final class H2ScratchDatabases implements ScratchDatabases {
    static final String FILE_NAME = "scratch";
    /**
     * No lock file or trace file next to the database (one process owns the folder); each commit written at once,
     * so the file's size is what the limit checks; a small page cache.
     */
    private static final String SETTINGS = ";FILE_LOCK=NO;TRACE_LEVEL_FILE=0;WRITE_DELAY=0;CACHE_SIZE=4096;DB_CLOSE_ON_EXIT=FALSE";
    private static final String USER = "SCRATCH";

    @Override
    public ScratchDatabase open(byte[] saved, long maxBytes) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("scratch-db");
            Path file = folder.resolve(FILE_NAME + ".mv.db");
            if (saved != null) {
                Files.write(file, saved);
            }
            Properties credentials = new Properties();
            credentials.setProperty("user", USER);
            credentials.setProperty("password", "");
            Connection connection = new Driver().connect("jdbc:h2:file:" + folder.resolve(FILE_NAME) + SETTINGS, credentials);
            return new H2ScratchDatabase(folder, file, connection, maxBytes);
        } catch (IOException e) {
            H2ScratchDatabase.deleteFolder(folder);
            throw new UncheckedIOException("could not create a scratch database", e);
        } catch (SQLException e) {
            H2ScratchDatabase.deleteFolder(folder);
            throw new IllegalStateException("could not open a scratch database: " + e.getMessage(), e);
        }
    }
}
