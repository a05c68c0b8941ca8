package dev.writeback.registration;

import dev.writeback.core.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The studio's files, built by {@code studio/build.mjs} into this function's resources under {@code studio/}. */
final class StudioAssets {
    /** File names only: no empty, dot-first ({@code ..}) or other path tricks reach the class loader. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    /** esbuild's {@code [name]-[hash]}: such a file never changes, so browsers may keep it. */
    private static final Pattern FINGERPRINTED = Pattern.compile(".*-[A-Z0-9]{8}\\.(js|css)(\\.LEGAL\\.txt)?");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "application/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "txt", "text/plain; charset=utf-8", "png", "image/png", "svg", "image/svg+xml", "json", "application/json");

    record Asset(String contentType, byte[] bytes, boolean immutable) {
    }

    private final String root;
    private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

    private StudioAssets(String root) {
        this.root = root;
    }

    static StudioAssets fromClasspath() {
        return new StudioAssets("studio/");
    }

    Asset get(String name) {
        Asset asset = loaded.get(name);
        if (asset == null && NAME.matcher(name).matches() && TYPES.containsKey(extension(name))) {
            // only files that exist are kept: names asked for at random must not fill the memory
            asset = load(name).orElse(null);
            if (asset != null) {
                loaded.put(name, asset);
            }
        }
        if (asset == null) {
            throw new NotFoundException("The studio has no file " + name + ".");
        }
        return asset;
    }

    private Optional<Asset> load(String name) {
        try (InputStream in = StudioAssets.class.getClassLoader().getResourceAsStream(root + name)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new Asset(TYPES.get(extension(name)), in.readAllBytes(), FINGERPRINTED.matcher(name).matches()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
