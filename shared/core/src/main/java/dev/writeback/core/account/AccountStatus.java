package dev.writeback.core.account;

/** Whether an account can be used by runs. */
public enum AccountStatus {
    /** An OAuth authorization was started and has not come back yet. */
    PENDING,
    /** The authentication script accepted the credentials. */
    CONNECTED,
    /** The provider refused the stored grant (e.g. {@code invalid_grant}); the user must connect again. */
    NEEDS_REAUTH
}
