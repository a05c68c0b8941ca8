package dev.writeback.oauth;

import dev.writeback.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** PKCE (RFC 7636) with the S256 method only: the plain method adds nothing over no PKCE. */
public final class Pkce {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Pkce() {
    }

    /** A new code verifier: 256 random bits as 43 base64url characters. */
    public static String newVerifier() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return URL.encodeToString(b);
    }

    /** {@code BASE64URL(SHA256(ASCII(verifier)))}. */
    public static String s256Challenge(String verifier) {
        return URL.encodeToString(Sha256.digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
