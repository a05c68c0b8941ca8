package dev.writeback.domo.standin;

import static dev.writeback.domo.standin.StandinAnswers.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stand-in's {@code /oauth/token}: client-credentials tokens (JWT-looking, HS256 with a key of this instance,
 * with {@code exp}), and the bearer check every DataSet endpoint makes (signature, expiry, {@code data} scope).
 */
final class StandinTokens {
    private final Map<String, ClientApp> clients;
    private final Clock clock;
    private final String customer;
    private final byte[] signingKey = new byte[32];
    private volatile Duration lifetime;

    record ClientApp(String id, String secret, Set<String> scopes) {
    }

    /** 401 with the {@code WWW-Authenticate} challenge Domo sends. */
    static final class Unauthorized extends StandinError {
        final String wwwAuthenticate;

        Unauthorized(String wwwAuthenticate, String message) {
            super(401, "Unauthorized", message);
            this.wwwAuthenticate = wwwAuthenticate;
        }
    }

    StandinTokens(Map<String, ClientApp> clients, Clock clock, String customer, Duration lifetime) {
        this.clients = Map.copyOf(clients);
        this.clock = clock;
        this.customer = customer;
        this.lifetime = lifetime;
        new SecureRandom().nextBytes(signingKey);
    }

    /** Lifetime of tokens issued from now on. */
    void lifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** The token response for a token request's parameters (query and form) and {@code Authorization} header. */
    ObjectNode issue(Map<String, String> params, String authorization) {
        ClientApp client = basicAuth(authorization);
        String grant = params.get("grant_type");
        if (!"client_credentials".equals(grant)) {
            throw new StandinError(400, "Bad Request", grant == null ? "Missing grant type" : "Unsupported grant type: " + grant);
        }
        Set<String> scopes = client.scopes();
        String requested = params.get("scope");
        if (requested != null && !requested.isBlank()) {
            scopes = new LinkedHashSet<>(Arrays.asList(requested.trim().split("\\s+")));
            for (String s : scopes) {
                if (!client.scopes().contains(s)) {
                    throw new StandinError(400, "Bad Request", "Invalid scope: " + s);
                }
            }
        }
        Instant now = clock.instant();
        long seconds = lifetime.toSeconds();
        String jti = UUID.randomUUID().toString();
        ObjectNode claims = MAPPER.createObjectNode();
        claims.put("role", "Admin");
        claims.put("customer", customer);
        claims.put("client_id", client.id());
        claims.put("userId", 1);
        claims.putPOJO("scope", List.copyOf(scopes));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + seconds);
        claims.put("jti", jti);
        ObjectNode body = MAPPER.createObjectNode();
        body.put("access_token", sign(claims));
        body.put("customer", customer);
        body.put("expires_in", seconds);
        body.put("jti", jti);
        body.put("role", "Admin");
        body.put("scope", String.join(" ", scopes));
        body.put("token_type", "bearer");
        body.put("userId", 1);
        return body;
    }

    private ClientApp basicAuth(String header) {
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    ClientApp client = clients.get(decoded.substring(0, colon));
                    if (client != null && MessageDigest.isEqual(client.secret().getBytes(StandardCharsets.UTF_8),
                            decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) {
                        return client;
                    }
                }
            } catch (IllegalArgumentException e) {
                // not base64: same answer as wrong credentials
            }
        }
        throw new StandinError(401, "Unauthorized", "Bad credentials");
    }

    private String sign(ObjectNode claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(hmac(header + "." + payload));
    }

    private byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks the bearer token of an {@code Authorization} header: signature, expiry and the {@code data} scope. */
    void authorize(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Unauthorized("Bearer", "Full authentication is required to access this resource");
        }
        String token = header.substring(7).trim();
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !MessageDigest.isEqual(hmac(parts[0] + "." + parts[1]), decodeB64(parts[2]))) {
            throw new Unauthorized("Bearer error=\"invalid_token\", error_description=\"An error occurred while attempting to decode the Jwt: Signed JWT rejected: Invalid signature\"",
                    "Invalid access token");
        }
        JsonNode claims;
        try {
            claims = MAPPER.readTree(decodeB64(parts[1]));
        } catch (IOException e) {
            throw new Unauthorized("Bearer error=\"invalid_token\"", "Invalid access token");
        }
        Instant exp = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (!clock.instant().isBefore(exp)) {
            throw new Unauthorized("Bearer error=\"invalid_token\", error_description=\"An error occurred while attempting to decode the Jwt: Jwt expired at "
                    + exp + "\", error_uri=\"https://tools.ietf.org/html/rfc6750#section-3.1\"", "Jwt expired at " + exp);
        }
        boolean data = false;
        for (JsonNode s : claims.path("scope")) {
            data |= s.asText().equals("data");
        }
        if (!data) {
            throw new StandinError(403, "Forbidden", "The access token lacks the 'data' scope");
        }
    }

    private static byte[] decodeB64(String s) {
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
