package dev.writeback.core.connector;

/** How a connector's users authenticate against the third-party system. */
public enum AuthType {
    NONE, USERNAME_PASSWORD, API_KEY, OAUTH2, CUSTOM
}
