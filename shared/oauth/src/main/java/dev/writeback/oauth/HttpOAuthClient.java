package dev.writeback.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.account.OAuthClient;
import dev.writeback.core.account.OAuthException;
import dev.writeback.core.account.OAuthException.Kind;
import dev.writeback.core.account.OAuthTokens;
import dev.writeback.core.connector.OAuthSettings;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.net.GuardedHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OAuth 2.0 client: authorization URLs (RFC 6749 §4.1.1, PKCE
 * S256), and token requests for the authorization code, refresh token and client credentials
 * grants with the client authenticated by HTTP Basic or in the body. Token responses must be
 * JSON with an {@code access_token}; failures are classified as {@link OAuthException}s. Token
 * values never appear in an exception message. Token requests go to the addresses the guard checked
 * ({@link GuardedHttpClient}).
 */
public final class HttpOAuthClient implements OAuthClient {
    /** Parameters the protocol sets; a connector's extra parameters cannot override them. */
    private static final Set<String> RESERVED = Set.of("response_type", "client_id", "client_secret", "redirect_uri",
            "state", "code", "code_verifier", "code_challenge", "code_challenge_method", "grant_type", "refresh_token");
    private static final int MAX_RESPONSE_BYTES = 256 * 1024;
    private static final int MAX_DESCRIPTION_CHARS = 300;

    private final GuardedHttpClient http;
    private final Clock clock;
    private final Duration requestTimeout;

    /**
     * HTTP/1.1, 10 s to connect, no redirects followed.
     *
     * @param guard where token requests may go: the token URL is chosen by a connector author and the
     *              request carries the client secret, so it must be a public https endpoint, and the request
     *              goes to the address that was checked
     */
    public HttpOAuthClient(Clock clock, Duration requestTimeout, AddressGuard guard) {
        this.http = GuardedHttpClient.create(guard, Duration.ofSeconds(10));
        this.clock = clock;
        this.requestTimeout = requestTimeout;
    }

    /** HTTP/1.1, 10 s to connect, 20 s per token request, no redirects followed, public https endpoints only. */
    public static HttpOAuthClient create(Clock clock) {
        return create(clock, AddressGuard.publicInternetOnly());
    }

    /** As {@link #create(Clock)}, with a guard that may allow named internal targets (local mode, tests). */
    public static HttpOAuthClient create(Clock clock, AddressGuard guard) {
        return new HttpOAuthClient(clock, Duration.ofSeconds(20), guard);
    }

    @Override
    public AuthorizationRequest authorization(OAuthSettings settings, String redirectUri, String state) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", settings.clientId());
        q.put("redirect_uri", redirectUri);
        if (!settings.scopes().isEmpty()) {
            q.put("scope", String.join(" ", settings.scopes()));
        }
        q.put("state", state);
        String verifier = null;
        if (settings.pkce()) {
            verifier = Pkce.newVerifier();
            q.put("code_challenge", Pkce.s256Challenge(verifier));
            q.put("code_challenge_method", "S256");
        }
        extras(settings.authorizationParameters()).forEach(q::putIfAbsent);
        String base = settings.authorizationUrl();
        return new AuthorizationRequest(base + (base.contains("?") ? "&" : "?") + form(q), verifier);
    }

    @Override
    public OAuthTokens exchangeCode(OAuthSettings settings, String clientSecret, String redirectUri, String code,
                                    String codeVerifier) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri);
        if (codeVerifier != null) {
            body.put("code_verifier", codeVerifier);
        }
        return token(settings.tokenUrl(), settings, clientSecret, body);
    }

    @Override
    public OAuthTokens refresh(OAuthSettings settings, String clientSecret, String refreshToken) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "refresh_token");
        body.put("refresh_token", refreshToken);
        return token(settings.effectiveRefreshUrl(), settings, clientSecret, body);
    }

    @Override
    public OAuthTokens clientCredentials(OAuthSettings settings, String clientSecret) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "client_credentials");
        if (!settings.scopes().isEmpty()) {
            body.put("scope", String.join(" ", settings.scopes()));
        }
        return token(settings.tokenUrl(), settings, clientSecret, body);
    }

    private OAuthTokens token(String url, OAuthSettings settings, String clientSecret, Map<String, String> body) {
        if (http.admit(URI.create(url)) instanceof AddressGuard.Refusal refusal) {
            throw new OAuthException(Kind.BLOCKED, null, null, "The OAuth token URL " + URI.create(url).getAuthority()
                    + " was not called: " + AddressGuard.explain(refusal) + ".", null);
        }
        extras(settings.tokenParameters()).forEach(body::putIfAbsent);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json");
        if (settings.clientAuth() == OAuthSettings.ClientAuth.BASIC) {
            // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
            String pair = encode(settings.clientId()) + ":" + encode(clientSecret == null ? "" : clientSecret);
            request.header("authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            body.put("client_id", settings.clientId());
            if (clientSecret != null) {
                body.put("client_secret", clientSecret);
            }
        }
        request.POST(HttpRequest.BodyPublishers.ofString(form(body)));
        String host = URI.create(url).getAuthority();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), MAX_RESPONSE_BYTES);
        } catch (GuardedHttpClient.ResponseTooLargeException e) {
            throw tooLarge(host);
        } catch (HttpTimeoutException e) {
            throw new OAuthException(Kind.UNAVAILABLE, null, null, "The OAuth token endpoint at " + host
                    + " did not answer within " + requestTimeout.toSeconds() + " s.", e);
        } catch (IOException e) {
            throw new OAuthException(Kind.UNAVAILABLE, null, null, "The OAuth token endpoint at " + host
                    + " could not be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException(Kind.UNAVAILABLE, null, null, "Interrupted while calling the OAuth token endpoint at "
                    + host + ".", e);
        }
        return parse(host, response.statusCode(), response.body(), settings.scopes());
    }

    private static OAuthException tooLarge(String host) {
        return new OAuthException(Kind.INVALID_RESPONSE, null, null, "The OAuth token endpoint at " + host
                + " answered with more than " + MAX_RESPONSE_BYTES + " bytes; that is not a token response.", null);
    }

    /** Classifies a token endpoint's answer (package-private for unit tests). */
    OAuthTokens parse(String host, int status, byte[] bytes, List<String> requestedScopes) {
        if (bytes.length > MAX_RESPONSE_BYTES) {
            throw tooLarge(host);
        }
        JsonNode json = json(bytes);
        if (json != null && json.hasNonNull("error")) {
            OAuthException refused = OAuthException.refused(clip(json.get("error").asText()),
                    json.hasNonNull("error_description") ? clip(json.get("error_description").asText()) : null);
            // A 5xx carrying an OAuth error (e.g. temporarily_unavailable) is still worth a retry.
            if (status >= 500 || "temporarily_unavailable".equals(refused.error())) {
                throw new OAuthException(Kind.UNAVAILABLE, refused.error(), refused.description(), refused.getMessage(),
                        null);
            }
            throw refused;
        }
        if (status >= 500 || status == 429 || status == 408) {
            throw new OAuthException(Kind.UNAVAILABLE, null, null, "The OAuth token endpoint at " + host
                    + " is unavailable (HTTP " + status + ").", null);
        }
        if (status / 100 != 2 || json == null || !json.isObject()) {
            throw new OAuthException(Kind.INVALID_RESPONSE, null, null, "The OAuth token endpoint at " + host
                    + " answered HTTP " + status + " without a JSON token response.", null);
        }
        JsonNode access = json.get("access_token");
        if (access == null || !access.isTextual() || access.asText().isEmpty()) {
            throw new OAuthException(Kind.INVALID_RESPONSE, null, null, "The OAuth token endpoint at " + host
                    + " answered without an access_token.", null);
        }
        JsonNode refresh = json.get("refresh_token");
        JsonNode expiresIn = json.get("expires_in");
        Instant expiresAt = null;
        if (expiresIn != null && !expiresIn.isNull()) {
            long seconds = expiresIn.isNumber() ? expiresIn.asLong() : parseLong(expiresIn.asText(), host);
            expiresAt = clock.instant().plusSeconds(seconds);
        }
        List<String> scopes = json.hasNonNull("scope")
                ? Arrays.stream(json.get("scope").asText().split("[\\s,]+")).filter(s -> !s.isEmpty()).toList()
                : requestedScopes;
        return new OAuthTokens(access.asText(), refresh != null && refresh.isTextual() && !refresh.asText().isEmpty()
                ? refresh.asText() : null, expiresAt, scopes);
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static long parseLong(String s, String host) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new OAuthException(Kind.INVALID_RESPONSE, null, null, "The OAuth token endpoint at " + host
                    + " gave expires_in '" + clip(s) + "', which is not a number of seconds.", null);
        }
    }

    private static Map<String, String> extras(Map<String, String> parameters) {
        Map<String, String> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (!RESERVED.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String clip(String s) {
        return s.length() <= MAX_DESCRIPTION_CHARS ? s : s.substring(0, MAX_DESCRIPTION_CHARS) + "…";
    }
}
