package dev.writeback.core.connector;

import java.util.List;

/**
 * A connector's authentication setup.
 *
 * @param type the auth type
 * @param oauth the OAuth client settings when {@code type} is OAUTH2, else null
 * @param fields the fields users fill in when {@code type} is CUSTOM
 * @param clientSecretSet whether an OAuth client secret is stored in the vault
 */
public record Authentication(AuthType type, OAuthSettings oauth, List<CustomField> fields, boolean clientSecretSet) {
    public Authentication {
        type = type == null ? AuthType.NONE : type;
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public static Authentication none() {
        return new Authentication(AuthType.NONE, null, List.of(), false);
    }
}
