package dev.writeback.testing.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.testing.oauth.OAuthServerExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * dynalite, S3Proxy and the OAuth server run once per JVM, and each test class gets tables and a
 * bucket of its own, gone after the class (see {@link SharedServersOtherClassIT}).
 */
class SharedServersIT {
    static final String REDIRECT = "http://127.0.0.1:9/callback";
    @RegisterExtension
    static final DynaliteExtension DYNAMO = new DynaliteExtension();
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension("shared");
    @RegisterExtension
    static final OAuthServerExtension OAUTH = new OAuthServerExtension(REDIRECT);

    /** What each class that ran saw: endpoints, its table, its bucket. */
    record Seen(String dynamo, String s3, String oauth, String table, String bucket) {
    }

    static final Map<Class<?>, Seen> SEEN = new ConcurrentHashMap<>();

    /** Records what this class sees and checks it against every class that ran before it. */
    static void recordAndCheck(Class<?> testClass, DynaliteExtension dynamo, S3ProxyExtension s3, OAuthServerExtension oauth) {
        String table = dynamo.tableName();
        dynamo.client().createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .billingMode("PAY_PER_REQUEST"));
        s3.client().putObject(b -> b.bucket(s3.bucket()).key("probe"), RequestBody.fromString("x"));
        Seen mine = new Seen(dynamo.endpoint().toString(), s3.endpoint().toString(), oauth.issuer(), table, s3.bucket());
        SEEN.put(testClass, mine);
        List<String> tables = dynamo.client().listTables().tableNames();
        List<String> buckets = s3.client().listBuckets().buckets().stream().map(b -> b.name()).toList();
        SEEN.forEach((other, seen) -> {
            assertEquals(mine.dynamo(), seen.dynamo(), "one dynalite per JVM: " + other.getSimpleName() + " used another");
            assertEquals(mine.s3(), seen.s3(), "one S3Proxy per JVM: " + other.getSimpleName() + " used another");
            assertEquals(mine.oauth(), seen.oauth(), "one OAuth server per JVM and configuration");
            if (other != testClass) {
                assertNotEquals(mine.table(), seen.table(), "each class has its own table name");
                assertNotEquals(mine.bucket(), seen.bucket(), "each class has its own bucket");
                assertFalse(tables.contains(seen.table()), other.getSimpleName() + "'s table is gone: " + tables);
                assertFalse(buckets.contains(seen.bucket()), other.getSimpleName() + "'s bucket is gone: " + buckets);
            }
        });
    }

    @Test
    void theServersAreSharedAndWhatAClassMakesIsItsOwn() {
        recordAndCheck(SharedServersIT.class, DYNAMO, S3, OAUTH);

        assertEquals("127.0.0.1", DYNAMO.endpoint().getHost());
        assertEquals("127.0.0.1", S3.endpoint().getHost());
        assertTrue(S3.bucket().startsWith("shared-"), S3.bucket());
    }
}
