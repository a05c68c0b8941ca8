package dev.writeback.local.events;

import dev.writeback.core.json.Json;
import dev.writeback.local.store.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of one JSON document per line, owner-only like the rest of the home, appended to by every process on the
 * home (a {@code serve} and an {@code invoke} may share one): each line is one append-mode write.
 */
final class JsonLinesFile {
    private final Path file;

    JsonLinesFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    synchronized void append(Object document) {
        byte[] line = (Json.write(document) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            OwnerOnly.folders(file.getParent());
            if (!Files.exists(file)) {
                try {
                    OwnerOnly.file(file);
                } catch (FileAlreadyExistsException raced) {
                    // another process on the home made it first
                }
            }
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not append to " + file + ": " + e.getMessage(), e);
        }
    }
}
