package dev.writeback.core;

import static dev.writeback.core.testing.TestWorld.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.account.Account;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.job.Job;
import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunService;
import dev.writeback.core.run.RunStatus;
import dev.writeback.core.testing.FakeDomoVerifier;
import dev.writeback.core.testing.FakeScriptRunner;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.testing.InMemoryDocumentTable;
import dev.writeback.core.testing.InMemoryVault;
import dev.writeback.core.testing.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ServicesTest {

    @Test
    void aFunctionWithoutASchedulerOrDataPlaneIsToldWhichPortItLacksWhenItAsksForJobsOrRuns() {
        Services oauth = Services.builder().table(new InMemoryDocumentTable()).blobs(new InMemoryBlobStore())
                .vault(new InMemoryVault()).scripts(new FakeScriptRunner()).domoVerifier(new FakeDomoVerifier()).build();

        assertEquals("this function was built without a job scheduler (scheduler)",
                assertThrows(IllegalStateException.class, oauth::jobs).getMessage());
        assertEquals("this function was built without a data plane (dataPlanes)",
                assertThrows(IllegalStateException.class, oauth::runs).getMessage());
        assertNotNull(oauth.connectors(), "the use cases it has ports for are there");
        assertNotNull(oauth.accounts());
        assertEquals("https://api.domo.com", oauth.domoBaseUrl());
    }

    @Test
    void aRunStartedWhereThereIsNoRunLauncherFailsAndTheLogNamesThePort() {
        TestWorld world = new TestWorld();
        ConnectorVersion connector = world.publishedApiKeyConnector();
        Account account = world.apiKeyAccount(BOB, connector.connectorId());
        Job job = world.job(BOB, connector, account, null);
        Services withoutLauncher = Services.builder().table(world.table).blobs(world.blobs).vault(world.vault)
                .scripts(world.scripts).domoVerifier(world.domo).dataPlanes(world.dataPlanes).clock(world.clock).build();
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(RunService.class.getName());
        log.addHandler(capture);
        log.setUseParentHandlers(false); // the expected stack trace stays out of the build's output
        try {
            Run run = withoutLauncher.runs().runNow(BOB, job.id(), null).run();

            assertEquals(RunStatus.FAILED, run.status());
            assertEquals("launch-failed", run.error().kind());
        } finally {
            log.removeHandler(capture);
            log.setUseParentHandlers(true);
        }
        assertEquals("this function was built without a run launcher (runLauncher)", logged.getFirst().getThrown().getMessage());
    }

    @Test
    void everyRequiredPortIsNamedWhenMissing() {
        assertEquals("vault", assertThrows(NullPointerException.class, () -> Services.builder()
                .table(new InMemoryDocumentTable()).blobs(new InMemoryBlobStore()).build()).getMessage());
    }
}
