package dev.writeback.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writeback.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The digests, HMACs and JWTs of {@code DOMO}; JDK crypto only. Digests are lowercase hex of UTF-8 input. */
final class Crypto {
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    static String hmacHex(String algorithm, String message, String key) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }

    static String md5Hex(String message) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is not available in this JVM", e);
        }
    }

    /**
     * Builds a signed JWT from {@code DOMO.jwtBuilder} (as JSON). Throws IllegalArgumentException with a message for
     * the script author when the builder is incomplete or the key is unusable.
     */
    static String jwt(String builderJson, long nowEpochSeconds) {
        JsonNode b = Json.read(builderJson, JsonNode.class);
        String alg = text(b, "algorithm", "HS256").toUpperCase(Locale.ROOT);
        String key = text(b, "authKey", null);
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("DOMO.getJWT(): set DOMO.jwtBuilder.authKey first (the HMAC secret or a PEM private key)");
        }
        ObjectNode header = Json.MAPPER.createObjectNode().put("alg", alg).put("typ", "JWT");
        ObjectNode payload = Json.MAPPER.createObjectNode();
        putIfPresent(payload, "iss", b.get("issuer"));
        putIfPresent(payload, "sub", b.get("subject"));
        payload.put("iat", nowEpochSeconds);
        JsonNode exp = b.get("expiration");
        if (exp != null && !exp.isNull() && !exp.asText().isEmpty()) {
            try {
                payload.put("exp", exp.isNumber() ? exp.asLong() : Long.parseLong(exp.asText().trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("DOMO.jwtBuilder.expiration must be epoch seconds, got '" + exp.asText() + "'");
            }
        }
        JsonNode claims = b.get("claims");
        if (claims != null && claims.isObject()) {
            for (Map.Entry<String, JsonNode> e : claims.properties()) {
                payload.set(e.getKey(), e.getValue());
            }
        }
        String signingInput = URL.encodeToString(Json.write(header).getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
        byte[] data = signingInput.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = switch (alg) {
            case "HS256" -> hmac("HmacSHA256", key.getBytes(StandardCharsets.UTF_8), data);
            case "RS256" -> sign("SHA256withRSA", privateKey("RSA", key), data);
            case "ES256" -> sign("SHA256withECDSAinP1363Format", privateKey("EC", key), data);
            default -> throw new IllegalArgumentException("DOMO.jwtBuilder.algorithm must be HS256, RS256 or ES256, got '" + alg + "'");
        };
        return signingInput + "." + URL.encodeToString(signature);
    }

    private static byte[] hmac(String alg, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(key, alg));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg + " is not available in this JVM", e);
        }
    }

    private static byte[] sign(String alg, PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("DOMO.getJWT(): the key cannot sign with " + alg + ": " + e.getMessage(), e);
        }
    }

    /** PEM PKCS#8 ({@code BEGIN PRIVATE KEY}); for RSA also PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
    static PrivateKey privateKey(String type, String pem) {
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        if (!pem.contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException("DOMO.jwtBuilder.authKey must be a PEM private key (-----BEGIN PRIVATE KEY-----) for " + type);
        }
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(b64);
            if (pkcs1) {
                der = pkcs1ToPkcs8(der);
            }
            return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("DOMO.jwtBuilder.authKey is not a valid " + type + " private key: " + e.getMessage(), e);
        }
    }

    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octet = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algId.length + octet.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algId, 0, body, version.length, algId.length);
        System.arraycopy(octet, 0, body, version.length + algId.length, octet.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int len = content.length;
        byte[] lenBytes = len < 128 ? new byte[]{(byte) len}
                : len < 256 ? new byte[]{(byte) 0x81, (byte) len}
                : len < 65536 ? new byte[]{(byte) 0x82, (byte) (len >> 8), (byte) len}
                : new byte[]{(byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
        byte[] out = new byte[1 + lenBytes.length + len];
        out[0] = (byte) tag;
        System.arraycopy(lenBytes, 0, out, 1, lenBytes.length);
        System.arraycopy(content, 0, out, 1 + lenBytes.length, len);
        return out;
    }

    private static String text(JsonNode b, String field, String fallback) {
        JsonNode n = b.get(field);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    private static void putIfPresent(ObjectNode payload, String name, JsonNode value) {
        if (value != null && !value.isNull() && !value.asText().isEmpty()) {
            payload.set(name, value);
        }
    }

    private Crypto() {
    }
}
