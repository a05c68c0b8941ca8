package dev.writeback.local.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.json.Json;
import dev.writeback.core.store.SecretVault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@link SecretVault} in one JSON file, {@code secrets.json}, in a directory that only its owner
 * may enter (rwx------), the file itself rw-------. Names follow the Secrets Manager rules so that
 * what works locally works in AWS.
 */
public final class FileSecretVault implements SecretVault {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };

    private final StoreDirectory dir;
    private final Path file;

    public FileSecretVault(Path directory) {
        this.dir = new StoreDirectory(directory);
        this.file = dir.root().resolve("secrets.json");
    }

    @Override
    public void put(String name, String value) {
        checkName(name);
        if (value == null) {
            throw new InvalidInputException("The secret " + name + " needs a value.");
        }
        dir.locked(() -> {
            TreeMap<String, String> secrets = read();
            secrets.put(name, value);
            dir.writeAtomically(file, Json.write(secrets).getBytes(StandardCharsets.UTF_8));
            return null;
        });
    }

    @Override
    public Optional<String> get(String name) {
        checkName(name);
        try {
            return Optional.ofNullable(read().get(name));
        } catch (IOException e) {
            throw new UncheckedIOException("The secrets in " + dir.root() + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) {
        checkName(name);
        dir.locked(() -> {
            TreeMap<String, String> secrets = read();
            if (secrets.remove(name) != null) {
                dir.writeAtomically(file, Json.write(secrets).getBytes(StandardCharsets.UTF_8));
            }
            return null;
        });
    }

    private TreeMap<String, String> read() throws IOException {
        byte[] bytes = StoreDirectory.readIfExists(file);
        return bytes == null ? new TreeMap<>() : Json.MAPPER.readValue(bytes, MAP);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("The secret name '" + name + "' must be 1 to 512 letters, digits or / _ + = . @ - characters.");
        }
    }
}
