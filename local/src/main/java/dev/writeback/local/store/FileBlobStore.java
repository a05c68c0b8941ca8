package dev.writeback.local.store;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.BlobStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link BlobStore} in a directory: the object at {@code a/b/c.csv} is the file
 * {@code objects/a/b/c.csv~}, whose first line is the content type and the rest the bytes. The
 * {@code ~} suffix (escaped inside key segments, with {@code %}) keeps a key and a longer key
 * under it ({@code a} and {@code a/b}) from needing the same path as file and directory.
 * Every write goes to a temp file that is moved into place atomically, so readers and other
 * processes see the old object or the new one, never a partial one.
 */
public final class FileBlobStore implements BlobStore {
    private static final String SUFFIX = "~";
    private static final String DEFAULT_TYPE = "application/octet-stream";

    private final StoreDirectory dir;
    private final Path objects;

    public FileBlobStore(Path directory) {
        this.dir = new StoreDirectory(directory);
        this.objects = dir.root().resolve("objects");
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        Path file = file(key);
        byte[] header = header(contentType);
        byte[] content = Arrays.copyOf(header, header.length + bytes.length);
        System.arraycopy(bytes, 0, content, header.length, bytes.length);
        try {
            dir.writeAtomically(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Storing " + key + " in " + dir.root() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Blob> get(String key) {
        Path file = file(key);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            String contentType = readHeader(in);
            return Optional.of(new Blob(key, in.readAllBytes(), contentType));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + key + " from " + dir.root() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key) {
        Path file = file(key);
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file));
            try {
                readHeader(in);
            } catch (IOException e) {
                in.close();
                throw e;
            }
            return in;
        } catch (NoSuchFileException e) {
            throw new NotFoundException("There is no object at " + key + ".", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + key + " from " + dir.root() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(file(key));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new UncheckedIOException("Deleting " + key + " from " + dir.root() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        // Walk only the deepest directory the prefix names, then filter by the whole prefix.
        int slash = prefix.lastIndexOf('/');
        Path start = objects;
        if (slash > 0) {
            for (String segment : prefix.substring(0, slash).split("/")) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return List.of();
                }
                start = start.resolve(escape(segment));
            }
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
                    .map(this::keyOf)
                    .filter(k -> k.startsWith(prefix))
                    .forEach(keys::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("Listing " + prefix + " in " + dir.root() + " failed: " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public Upload openUpload(String key, String contentType) {
        Path target = file(key);
        byte[] header = header(contentType);
        try {
            return new FileUpload(key, target, dir.newTempFile(), header);
        } catch (IOException e) {
            throw new UncheckedIOException("Starting an upload to " + key + " in " + dir.root() + " failed: " + e.getMessage(), e);
        }
    }

    private static final class FileUpload extends Upload {
        private final String key;
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream out;
        private long written;
        private boolean finished;

        FileUpload(String key, Path target, Path temp, byte[] header) throws IOException {
            this.key = key;
            this.target = target;
            this.temp = temp;
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            out.write(header);
        }

        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            out.write(b);
            written++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ensureOpen();
            out.write(bytes, offset, length);
            written += length;
        }

        private void ensureOpen() throws IOException {
            if (finished) {
                throw new IOException("The upload to " + key + " is already closed or aborted.");
            }
        }

        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            try {
                out.flush();
                channel.force(true);
                out.close();
                StoreDirectory.moveIntoPlace(temp, target);
            } finally {
                channel.close();
                Files.deleteIfExists(temp);
            }
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            finished = true;
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw new UncheckedIOException("Discarding the upload to " + key + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public long bytesWritten() {
            return written;
        }
    }

    private Path file(String key) {
        if (key == null || key.isEmpty() || key.contains("\\")) {
            throw invalidKey(key);
        }
        String[] segments = key.split("/", -1);
        Path path = objects;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalidKey(key);
            }
            path = path.resolve(escape(segment) + (i == segments.length - 1 ? SUFFIX : ""));
        }
        return path;
    }

    private String keyOf(Path file) {
        List<String> segments = new ArrayList<>();
        for (Path part : objects.relativize(file)) {
            segments.add(part.toString());
        }
        String last = segments.removeLast();
        segments.add(last.substring(0, last.length() - SUFFIX.length()));
        return String.join("/", segments.stream().map(FileBlobStore::unescape).toList());
    }

    private static String escape(String segment) {
        return segment.replace("%", "%25").replace("~", "%7E");
    }

    private static String unescape(String segment) {
        return segment.replace("%7E", "~").replace("%25", "%");
    }

    private static InvalidInputException invalidKey(String key) {
        return new InvalidInputException("The object key '" + key
                + "' is not a relative path of non-empty segments separated by '/' (no '.', '..' or '\\').");
    }

    private static byte[] header(String contentType) {
        String type = contentType == null || contentType.isBlank() ? DEFAULT_TYPE : contentType;
        if (type.indexOf('\n') >= 0 || type.indexOf('\r') >= 0) {
            throw new InvalidInputException("A content type is one line; this one has a line break.");
        }
        return (type + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("The object file has no content-type line (it was not written by this store).");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
