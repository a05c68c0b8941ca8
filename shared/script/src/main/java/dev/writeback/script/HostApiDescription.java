package dev.writeback.script;

import dev.writeback.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The machine-readable description of the script host API ({@code host-api.json}): every global scripts see,
 * each member with its signature, a one-line doc and whether Domo documents it or it is an extension. It is the
 * one source the API serves ({@code GET /script-api}), editors complete from and the README's member index is
 * generated from; {@code HostApiDescriptionTest} keeps it equal to what the GraalJS host really exposes.
 */
public final class HostApiDescription {
    public static final String RESOURCE = "host-api.json";
    private static final byte[] JSON = load();
    private static final String ETAG = "\"" + Sha256.hex(JSON, 16) + "\"";

    private HostApiDescription() {
    }

    /** The description as UTF-8 JSON bytes. */
    public static byte[] json() {
        return JSON.clone();
    }

    /** A strong entity tag of the description (its digest, quoted). */
    public static String etag() {
        return ETAG;
    }

    private static byte[] load() {
        try (InputStream in = HostApiDescription.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the writeback-script jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text() {
        return new String(JSON, StandardCharsets.UTF_8);
    }
}
