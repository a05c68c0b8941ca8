package dev.writeback.core.testing;

import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.DomoCredentialsVerifier;
import dev.writeback.core.error.UnprocessableException;
import java.util.ArrayList;
import java.util.List;

/** Accepts every Domo client except those refused with {@link #refuse}; records what it was asked. */
public final class FakeDomoVerifier implements DomoCredentialsVerifier {
    private final List<DomoCredentials> verified = new ArrayList<>();
    private String refusal;

    /** Makes the next verifications fail as Domo does for a bad client. */
    public void refuse(String domoMessage) {
        refusal = domoMessage;
    }

    @Override
    public synchronized void verify(DomoCredentials credentials) {
        verified.add(credentials);
        if (refusal != null) {
            throw new UnprocessableException("Domo refused the API client: " + refusal);
        }
    }

    public synchronized List<DomoCredentials> verified() {
        return List.copyOf(verified);
    }
}
