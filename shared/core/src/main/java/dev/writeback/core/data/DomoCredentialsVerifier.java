package dev.writeback.core.data;

/** Checks a Domo API client before it is stored (registration needs this without any SQL engine). */
public interface DomoCredentialsVerifier {

    /**
     * Asks Domo's token endpoint for a {@code data}-scoped token. Throws
     * {@code UnprocessableException} with Domo's message if refused, {@code UpstreamException}
     * if Domo cannot be reached.
     */
    void verify(DomoCredentials credentials);
}
