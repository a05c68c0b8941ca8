package dev.writeback.core.account;

import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.CustomField;
import dev.writeback.core.connector.OAuthSettings;
import dev.writeback.core.json.Json;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An account's stored credentials (the vault document) and the {@code metadata.account} object a
 * script sees. Standard keys are present and null unless the auth type sets them, as in Domo.
 */
public final class AccountCredentials {
    /** Vault keys for OAuth tokens (never shown to scripts except the access token). */
    public static final String ACCESS_TOKEN = "accesstoken";
    public static final String REFRESH_TOKEN = "refreshtoken";
    public static final String EXPIRES_AT = "expiresAt";

    private AccountCredentials() {
    }

    public static Map<String, String> parse(String vaultJson) {
        @SuppressWarnings("unchecked")
        Map<String, String> m = Json.read(vaultJson, Map.class);
        return m;
    }

    public static String serialize(Map<String, String> fields) {
        return Json.write(fields);
    }

    /** The {@code metadata.account} object for a script run. */
    public static Map<String, Object> metadata(ConnectorVersion connector, Map<String, String> stored,
                                               String oauthClientSecret) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : new String[] {"username", "password", "apikey", "clientKey", "clientSecret", "authorizationURL",
                "accessTokenURL", "scope", "additionalParameters", "accesstokenMethod", "tokenAddlParams", "accesstoken",
                "code"}) {
            m.put(k, null);
        }
        AuthType type = connector.authentication().type();
        switch (type) {
            case USERNAME_PASSWORD -> {
                m.put("username", stored.get("username"));
                m.put("password", stored.get("password"));
            }
            case API_KEY -> m.put("apikey", stored.get("apikey"));
            case CUSTOM -> {
                for (CustomField f : connector.authentication().fields()) {
                    m.put(f.key(), stored.get(f.key()));
                }
            }
            case OAUTH2 -> {
                OAuthSettings o = connector.authentication().oauth();
                m.put("clientKey", o.clientId());
                m.put("clientSecret", oauthClientSecret);
                m.put("authorizationURL", o.authorizationUrl());
                m.put("accessTokenURL", o.tokenUrl());
                m.put("scope", String.join(" ", o.scopes()));
                m.put("accesstoken", stored.get(ACCESS_TOKEN));
            }
            case NONE -> {
            }
        }
        return m;
    }

    /** Every secret value in the stored credentials (and the {@code user:password} pair), to be redacted from what a run keeps. */
    public static Set<String> secrets(ConnectorVersion connector, Map<String, String> stored, String oauthClientSecret) {
        Set<String> s = new HashSet<>();
        Set<String> plain = new HashSet<>(Set.of("username", EXPIRES_AT));
        for (CustomField f : connector.authentication().fields()) {
            if (!f.password()) {
                plain.add(f.key());
            }
        }
        stored.forEach((k, v) -> {
            if (v != null && !v.isEmpty() && !plain.contains(k)) {
                s.add(v);
            }
        });
        if (oauthClientSecret != null && !oauthClientSecret.isEmpty()) {
            s.add(oauthClientSecret);
        }
        String username = stored.get("username");
        String password = stored.get("password");
        if (username != null && password != null && !password.isEmpty()) {
            s.add(username + ":" + password); // what a script base64-encodes for HTTP Basic
        }
        return s;
    }
}
