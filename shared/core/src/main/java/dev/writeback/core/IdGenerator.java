package dev.writeback.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random, URL-safe identifiers with a readable prefix, e.g. {@code con-3f9a…}. */
public final class IdGenerator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdGenerator() {
    }

    /** A prefix and 96 random bits in hex. */
    public static String next(String prefix) {
        return prefix + "-" + randomHex(12);
    }

    /** {@code bytes} random bytes as lowercase hex. */
    public static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
