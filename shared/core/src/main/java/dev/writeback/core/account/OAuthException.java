package dev.writeback.core.account;

import dev.writeback.core.error.UpstreamException;
import java.util.Set;

/**
 * A token endpoint did not grant a token. {@link Kind} classifies the failure: whether the user
 * must authorize again, whether retrying later may help, or whether the provider answered
 * something that is not OAuth.
 */
public final class OAuthException extends UpstreamException {
    /** Error codes meaning the stored grant or the client is no longer accepted. */
    public static final Set<String> REAUTHORIZE = Set.of("invalid_grant", "invalid_client", "unauthorized_client");

    /** How a token request failed. */
    public enum Kind {
        /** The provider refused the grant or the client ({@link #REAUTHORIZE}): the account must be connected again. */
        REVOKED,
        /** The provider answered with another OAuth error (e.g. {@code invalid_scope}, {@code invalid_request}). */
        REFUSED,
        /** The provider could not be reached, timed out or failed (5xx): retrying later may help. */
        UNAVAILABLE,
        /** The provider answered, but not with a usable token response. */
        INVALID_RESPONSE,
        /**
         * The token URL was not called: the platform may not call it (not https, not a public host). The connector's
         * configuration is wrong, not the provider; its author must change it.
         */
        BLOCKED
    }

    private final Kind kind;
    private final String error;
    private final String description;

    public OAuthException(Kind kind, String error, String description, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.error = error;
        this.description = description;
    }

    /** A provider's OAuth error response ({@code error}, {@code error_description}). */
    public static OAuthException refused(String error, String description) {
        Kind kind = REAUTHORIZE.contains(error) ? Kind.REVOKED : Kind.REFUSED;
        return new OAuthException(kind, error, description, "The OAuth provider refused: " + error
                + (description == null || description.isBlank() ? "" : " (" + description + ")") + ".", null);
    }

    public Kind kind() {
        return kind;
    }

    /** The OAuth error code, or null when the provider gave none. */
    public String error() {
        return error;
    }

    /** The provider's {@code error_description}, or null. */
    public String description() {
        return description;
    }

    public boolean transientFailure() {
        return kind == Kind.UNAVAILABLE;
    }
}
