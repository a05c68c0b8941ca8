package dev.writeback.local;

import dev.writeback.local.client.ConnectorFolder;
import dev.writeback.local.client.WritebackClient;
import java.nio.file.Path;
import java.util.Map;

/** Connectors the end-to-end tests publish as a user's company would: its author pushes and submits, its reviewer approves. */
final class TestConnectors {
    private TestConnectors() {
    }

    /** The connector folder pushed by alice (who accepts the user agreement first), submitted privately and approved by rita. */
    static String publish(Path folder, LocalPlatform platform, WritebackClient user) {
        WritebackClient author = user.as("alice", "author");
        author.acceptUserAgreement();
        String id = ConnectorFolder.read(folder).push(author, platform.domoClientId(), platform.domoClientSecret(), null);
        author.post("/connectors/" + id + "/submit", Map.of("visibility", "PRIVATE"));
        author.as("rita", "reviewer").post("/connectors/" + id + "/approve", null);
        return id;
    }
}
