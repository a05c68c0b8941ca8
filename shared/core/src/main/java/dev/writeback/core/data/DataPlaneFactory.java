package dev.writeback.core.data;

import dev.writeback.core.time.Deadline;

/** Opens a {@link DataPlane} for one connector's Domo client, bounded by a run's deadline. */
public interface DataPlaneFactory {

    DataPlane open(DomoCredentials credentials, Deadline deadline);
}
