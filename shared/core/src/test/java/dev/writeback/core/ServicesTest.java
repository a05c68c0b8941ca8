package dev.writeback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.testing.FakeDomoVerifier;
import dev.writeback.core.testing.FakeScriptRunner;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.testing.InMemoryDocumentTable;
import dev.writeback.core.testing.InMemoryVault;
import org.junit.jupiter.api.Test;

class ServicesTest {

    @Test
    void aFunctionWithoutASchedulerOrDataPlaneCannotAskForJobsOrRuns() {
        Services registration = Services.builder().table(new InMemoryDocumentTable()).blobs(new InMemoryBlobStore())
                .vault(new InMemoryVault()).scripts(new FakeScriptRunner()).domoVerifier(new FakeDomoVerifier()).build();

        assertEquals("this function was built without a job scheduler",
                assertThrows(NullPointerException.class, registration::jobs).getMessage());
        assertEquals("this function was built without a data plane",
                assertThrows(NullPointerException.class, registration::runs).getMessage());
        assertEquals("https://api.domo.com", registration.domoBaseUrl());
    }

    @Test
    void everyRequiredPortIsNamedWhenMissing() {
        assertEquals("vault", assertThrows(NullPointerException.class, () -> Services.builder()
                .table(new InMemoryDocumentTable()).blobs(new InMemoryBlobStore()).build()).getMessage());
    }
}
