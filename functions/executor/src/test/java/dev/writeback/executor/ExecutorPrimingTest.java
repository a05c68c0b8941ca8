package dev.writeback.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.writeback.api.CallerResolver;
import dev.writeback.core.Services;
import dev.writeback.core.data.DataPlaneFactory;
import dev.writeback.core.data.DomoCredentialsVerifier;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.SecretVault;
import dev.writeback.core.testing.RefusingResolver;
import dev.writeback.lambda.SnapStartPriming;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.script.HttpPolicy;
import dev.writeback.script.ScriptLimits;
import dev.writeback.testing.FailOnUse;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;

/** The executor's SnapStart hooks run every priming step and touch no store and no network. */
class ExecutorPrimingTest {

    @Test
    void primingRunsEveryStepWithoutAStoreOrTheNetwork() {
        FailOnUse ports = new FailOnUse();
        RefusingResolver resolver = new RefusingResolver();
        AddressGuard noNetwork = AddressGuard.publicInternetOnly().resolvingWith(resolver);
        try (GraalScriptRunner scripts = new GraalScriptRunner(ScriptLimits.defaults(), HttpPolicy.defaults().withGuard(noNetwork))) {
            Services services = Services.builder().table(ports.port(DocumentTable.class)).blobs(ports.port(BlobStore.class))
                    .vault(ports.port(SecretVault.class)).scripts(scripts).domoVerifier(ports.port(DomoCredentialsVerifier.class))
                    .dataPlanes(ports.port(DataPlaneFactory.class)).addressGuard(noNetwork).build();
            ExecutorHandler handler = new ExecutorHandler(ExecutorWiring.of(services, CallerResolver.fromJwtClaims()));
            SnapStartPriming priming = ExecutorPriming.create(handler.api(), scripts, () -> ports.port(SdkHttpClient.class));

            priming.beforeCheckpoint(null);
            priming.afterRestore(null);

            assertEquals(List.of("calcite", "events", "http-api", "aws-sdk", "scripts"), priming.stepNames());
            assertEquals(List.of(), priming.failedSteps(), "every step ran to its end");
            assertEquals(List.of(), ports.uses(), "no store, Domo client or SDK HTTP client was used");
            assertEquals(List.of(), resolver.lookups(), "no host name was looked up");
            assertEquals(List.of("calcite", "events", "http-api", "aws-sdk", "scripts"), handler.priming().stepNames());
        }
    }
}
