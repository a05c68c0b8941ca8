package dev.writeback.core.testing;

import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetAccess;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.error.UnprocessableException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every DataSet is readable except those a test marks unreadable; every check is recorded. */
public final class FakeDatasetAccess implements DatasetAccess {
    private final Set<String> unreadable = new HashSet<>();
    private final List<Check> checks = new ArrayList<>();

    /** One check as the job service asked it. */
    public record Check(DomoCredentials credentials, String datasetId) {
    }

    public synchronized FakeDatasetAccess unreadable(String datasetId) {
        unreadable.add(datasetId);
        return this;
    }

    @Override
    public synchronized Dataset describe(DomoCredentials credentials, String datasetId) {
        checks.add(new Check(credentials, datasetId));
        if (unreadable.contains(datasetId)) {
            throw new UnprocessableException("Domo DataSet '" + datasetId + "' cannot be read with client " + credentials.clientId() + ".");
        }
        return new Dataset(datasetId, "DataSet " + datasetId, null, null, null, 0, List.of(), null, null, null);
    }

    public synchronized List<Check> checks() {
        return List.copyOf(checks);
    }
}
