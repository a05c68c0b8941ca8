package dev.writeback.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunStatus;
import dev.writeback.core.run.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** The asynchronous self-invocation, as the Lambda Invoke API receives it (a loopback server stands in for it). */
class LambdaRunLauncherIT {
    private LoopbackServer lambda;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(202);
    private LambdaRunLauncher launcher;

    @BeforeEach
    void start() throws Exception {
        lambda = LoopbackServer.start(ex -> {
            try (ex) {
                seen.add(ex.getRequestMethod() + " " + ex.getRequestURI());
                seen.add("type=" + ex.getRequestHeaders().getFirst("X-Amz-Invocation-Type"));
                seen.add("auth=" + ex.getRequestHeaders().getFirst("Authorization"));
                seen.add("body=" + LoopbackServer.text(ex));
                byte[] reply = status.get() == 202 ? new byte[0] : "{\"Type\":\"User\",\"message\":\"Rate exceeded\"}".getBytes();
                LoopbackServer.reply(ex, status.get(), null, reply);
            }
        });
        launcher = new LambdaRunLauncher(UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")), "us-east-1",
                lambda.baseUri(), "stack-executor", "live");
    }

    @AfterEach
    void stop() {
        lambda.close();
    }

    private static Run queued(String id) {
        Instant t = Instant.parse("2026-11-29T12:00:00Z");
        return new Run(id, "job-1", "acme", Trigger.HTTP, null, "con-1", 1, RunStatus.QUEUED, t, null, null, null, 0, 0,
                0, 0, null, null, null, null, false, null, null, 0, null, null);
    }

    @Test
    void aRunIsHandedToAnAsynchronousSignedInvocationOfThisFunctionVersion() {
        launcher.launch(queued("run-42"));

        assertEquals("POST /2015-03-31/functions/stack-executor/invocations?Qualifier=live", seen.get(0));
        assertEquals("type=Event", seen.get(1));
        assertTrue(seen.get(2).startsWith("auth=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), seen.get(2));
        assertTrue(seen.get(2).contains("/us-east-1/lambda/aws4_request"), seen.get(2));
        assertEquals("body={\"source\":\"writeback.run\",\"runId\":\"run-42\"}", seen.get(3));
    }

    @Test
    void aRefusedInvocationIsAnUpstreamFailureWithLambdasAnswer() {
        status.set(429);
        UpstreamException e = assertThrows(UpstreamException.class, () -> launcher.launch(queued("run-43")));
        assertEquals("Lambda did not accept run run-43 for stack-executor:live (HTTP 429): "
                + "{\"Type\":\"User\",\"message\":\"Rate exceeded\"}", e.getMessage());
    }
}
