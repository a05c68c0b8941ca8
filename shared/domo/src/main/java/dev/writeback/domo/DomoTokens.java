package dev.writeback.domo;

import static dev.writeback.domo.DomoResponses.encode;
import static dev.writeback.domo.DomoResponses.json;
import static dev.writeback.domo.DomoResponses.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** Client-credentials access tokens from Domo's {@code /oauth/token}, and when to renew them. */
final class DomoTokens {
    private DomoTokens() {
    }

    /** An access token and the instant to fetch a new one (a little before it expires). */
    record Token(String value, Instant renewAt) {
    }

    static Token fetch(DomoTransport transport, URI baseUri, DomoCredentials credentials, TokenRequestStyle tokenStyle,
                       Clock clock) {
        String scope = String.join(" ", credentials.scopes());
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (credentials.clientId() + ":" + credentials.clientSecret()).getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=client_credentials&scope=" + encode(scope);
        Instant asked = clock.instant();
        HttpResponse<InputStream> response = transport.send("get an access token", null, true, () -> {
            HttpRequest.Builder b = tokenStyle == TokenRequestStyle.GET_QUERY
                    ? HttpRequest.newBuilder(baseUri.resolve("/oauth/token?" + form)).GET()
                    : HttpRequest.newBuilder(baseUri.resolve("/oauth/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form));
            return b.header("Authorization", basic).header("Accept", "application/json");
        });
        JsonNode n = json(response);
        String access = text(n, "access_token");
        if (access == null || access.isEmpty()) {
            throw new UpstreamException("Domo's token endpoint answered without an access_token");
        }
        Instant expires = asked.plusSeconds(n.path("expires_in").asLong(3599));
        Instant exp = jwtExpiry(access);
        if (exp != null && exp.isBefore(expires)) {
            expires = exp;
        }
        // renew a little before expiry: a tenth of the lifetime, at most a minute
        Duration lifetime = Duration.between(asked, expires);
        Duration early = lifetime.dividedBy(10).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : lifetime.dividedBy(10);
        return new Token(access, expires.minus(early));
    }

    private static Instant jwtExpiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.hasNonNull("exp") ? Instant.ofEpochSecond(claims.get("exp").asLong()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null; // an opaque token: expires_in alone decides
        }
    }
}
