package dev.writeback.core.data;

import dev.writeback.core.Limits;
import dev.writeback.core.error.InvalidInputException;
import java.util.List;
import java.util.Objects;

/** A Domo API client (client id and secret) and the scopes to ask for. */
public record DomoCredentials(String clientId, String clientSecret, List<String> scopes) {
    public DomoCredentials {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        scopes = scopes == null || scopes.isEmpty() ? List.of("data") : List.copyOf(scopes);
    }

    /**
     * 400 unless a client id and secret as a caller gives them could be a Domo API client: both present,
     * within {@link Limits#DOMO_CLIENT_ID_CHARS} and {@link Limits#DOMO_CLIENT_SECRET_CHARS}, visible ASCII,
     * and no ':' in the id (they travel as HTTP Basic credentials). Checked before Domo is asked.
     */
    public static void requireWellFormed(String field, String clientKey, String clientSecret) {
        if (clientKey == null || clientKey.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new InvalidInputException(field + " needs both clientKey and clientSecret.");
        }
        Limits.chars(field + ".clientKey", clientKey, Limits.DOMO_CLIENT_ID_CHARS);
        Limits.chars(field + ".clientSecret", clientSecret, Limits.DOMO_CLIENT_SECRET_CHARS);
        if (!clientKey.matches("[\\x21-\\x39\\x3B-\\x7E]+")) {
            throw new InvalidInputException(field + ".clientKey must be a Domo client id: visible ASCII characters, no ':' or spaces.");
        }
        if (!clientSecret.matches("[\\x21-\\x7E]+")) {
            throw new InvalidInputException(field + ".clientSecret must be a Domo client secret: visible ASCII characters, no spaces.");
        }
    }

    @Override
    public String toString() {
        return "DomoCredentials[clientId=" + clientId + ", clientSecret=***, scopes=" + scopes + "]";
    }
}
