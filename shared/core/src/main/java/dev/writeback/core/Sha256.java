package dev.writeback.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests, and as lowercase hex (whole, or the first bytes where a key must stay short). */
public final class Sha256 {
    private Sha256() {
    }

    public static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The digest of {@code text}'s UTF-8 bytes, 64 hex characters. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The first {@code bytes} bytes of the digest of {@code text}'s UTF-8 bytes, as {@code 2 * bytes} hex characters. */
    public static String hex(String text, int bytes) {
        return hex(text.getBytes(StandardCharsets.UTF_8), bytes);
    }

    /** The first {@code bytes} bytes of the digest of {@code data}, as {@code 2 * bytes} hex characters. */
    public static String hex(byte[] data, int bytes) {
        return HexFormat.of().formatHex(digest(data), 0, bytes);
    }
}
