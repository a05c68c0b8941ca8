package dev.writeback.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.time.Deadline;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.script.HttpPolicy;
import dev.writeback.script.ScriptLimits;
import dev.writeback.testing.aws.S3ProxyExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code aws} global (Domo's reference §1.7) in scripts of the documented style: the script host with
 * {@link S3ScriptObjectStore}, whose operator-set endpoint is S3Proxy on loopback.
 */
class ScriptAwsIT {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension("script-objects");
    static S3ScriptObjectStore store;
    static GraalScriptRunner runner;

    @BeforeAll
    static void start() {
        AddressGuard guard = AddressGuard.publicInternetOnly().allowing(Set.of("127.0.0.1:" + S3.endpoint().getPort()));
        store = new S3ScriptObjectStore(guard, S3.endpoint());
        runner = new GraalScriptRunner(ScriptLimits.defaults(), HttpPolicy.defaults(), store);
    }

    @AfterAll
    static void stop() {
        runner.close();
        store.close();
    }

    /** {@code BUCKET} in the code is this class's bucket. */
    static ProcessOutcome run(GraalScriptRunner on, String secret, String code) {
        return on.process(new ScriptSource("process.js", code.replace("BUCKET", S3.bucket())), ScriptInput
                .builder(Deadline.after(Duration.ofMinutes(1), Clock.systemUTC()))
                .account(Map.of("region", "us-east-1", "key", S3ProxyExtension.ACCESS_KEY, "secret", secret)).report("Default")
                .baseUrl("https://api.domo.com").redactions(Set.of(secret)).build());
    }

    static ProcessOutcome run(String code) {
        return run(runner, S3ProxyExtension.SECRET_KEY, code);
    }

    @Test
    void aScriptPutsAnObjectAndReadsItBack() {
        ProcessOutcome out = run("""
                aws.createClient(metadata.account.region, metadata.account.key, metadata.account.secret);
                aws.put('BUCKET/project/documents', 'notes.txt', 'héllo from the script');
                DOMO.log(aws.get('BUCKET/project/documents', 'notes.txt'));
                DOMO.log(aws.get('BUCKET/project/documents', 'missing.txt'));
                """);
        assertNull(out.error());
        assertEquals(List.of("héllo from the script", "null"), out.log());
        assertEquals("héllo from the script", new String(S3.client().getObjectAsBytes(r -> r.bucket(S3.bucket())
                .key("project/documents/notes.txt")).asByteArray(), StandardCharsets.UTF_8));
        int bytes = "héllo from the script".getBytes(StandardCharsets.UTF_8).length;
        assertEquals(3, out.http().requests());
        assertEquals(bytes, out.http().bytesSent());
        assertEquals(bytes, out.http().bytesReceived());
    }

    @Test
    void callsBeforeCreateClientAndBadRegionsAreScriptErrors() {
        assertEquals(new ScriptError(Kind.RUNTIME, "aws.put: call aws.createClient(region, key, secret) first", "process.js", 1, 1, null),
                run("aws.put('BUCKET/a', 'b.txt', 'x');").error());
        assertEquals(new ScriptError(Kind.RUNTIME, "aws.createClient: 'moon-base-1' is not an AWS region; use a region name such as "
                + "us-east-1 or eu-west-2", "process.js", 1, 1, null), run("aws.createClient('moon-base-1', 'k', 's');").error());
        assertEquals(new ScriptError(Kind.RUNTIME, "aws.get: the path starts with the bucket, e.g. 'my-bucket/folder' (a bucket name is "
                + "3-63 lower-case letters, digits, dots and hyphens), not '/'", "process.js", 2, 1, null),
                run("aws.createClient('us-east-1', metadata.account.key, metadata.account.secret);\naws.get('/', 'x');").error());
    }

    @Test
    void s3RefusingTheKeyIsAScriptErrorWithS3sReasonAndNoSecret() {
        ProcessOutcome out = run(runner, "wrong-secret", """
                aws.createClient(metadata.account.region, metadata.account.key, metadata.account.secret);
                aws.put('BUCKET/a', 'b.txt', 'x');
                """);
        assertEquals(Kind.RUNTIME, out.error().kind());
        assertEquals(2, out.error().line());
        assertTrue(out.error().message().startsWith("aws.put: s3://" + S3.bucket() + "/a/b.txt: S3 answered 403 SignatureDoesNotMatch"),
                out.error().message());
    }

    @Test
    void withoutTheOperatorsPermissionTheLoopbackEndpointIsNotReached() {
        try (S3ScriptObjectStore guarded = new S3ScriptObjectStore(AddressGuard.publicInternetOnly(), S3.endpoint());
             GraalScriptRunner strict = new GraalScriptRunner(ScriptLimits.defaults(), HttpPolicy.defaults(), guarded)) {
            ProcessOutcome out = run(strict, S3ProxyExtension.SECRET_KEY, """
                    aws.createClient('us-east-1', metadata.account.key, metadata.account.secret);
                    aws.get('BUCKET/a', 'b.txt');
                    """);
            assertEquals(new ScriptError(Kind.RUNTIME, "aws.get: s3://" + S3.bucket() + "/a/b.txt: the request to 127.0.0.1 was not sent: "
                    + "S3 is reached over https only", "process.js", 2, 1, null), out.error());
        }
    }
}
