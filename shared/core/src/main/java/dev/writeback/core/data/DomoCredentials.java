package dev.writeback.core.data;

import java.util.List;
import java.util.Objects;

/** A Domo API client (client id and secret) and the scopes to ask for. */
public record DomoCredentials(String clientId, String clientSecret, List<String> scopes) {
    public DomoCredentials {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        scopes = scopes == null || scopes.isEmpty() ? List.of("data") : List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "DomoCredentials[clientId=" + clientId + ", clientSecret=***, scopes=" + scopes + "]";
    }
}
