package dev.writeback.testing.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** One moto server per JVM, an account of its own per test class. */
class MotoExtensionIT {
    @RegisterExtension
    static final MotoExtension AWS = new MotoExtension();

    /** Endpoint and account of each class that ran (see {@link MotoExtensionOtherClassIT}). */
    static final Map<Class<?>, Map.Entry<URI, String>> SEEN = new ConcurrentHashMap<>();

    static void recordAndCheck(Class<?> testClass, MotoExtension aws) {
        SEEN.put(testClass, Map.entry(aws.endpoint(), aws.accountId()));
        SEEN.forEach((other, seen) -> {
            assertEquals(aws.endpoint(), seen.getKey(), "one server per JVM: " + other.getSimpleName() + " used another");
            if (other != testClass) {
                assertNotEquals(aws.accountId(), seen.getValue(), "each class has its own account");
            }
        });
    }

    @Test
    void theServerListensOnLoopbackAndEveryClassShares() {
        assertEquals("127.0.0.1", AWS.endpoint().getHost());
        assertTrue(AWS.accountId().matches("\\d{12}") && !AWS.accountId().equals(MotoExtension.DEFAULT_ACCOUNT), AWS.accountId());
        recordAndCheck(MotoExtensionIT.class, AWS);
    }

    @Test
    void whatAClassStoresIsInItsOwnAccount() {
        String arn = AWS.secretsManager().createSecret(r -> r.name("isolated/one").secretString("s1")).arn();

        assertTrue(arn.startsWith("arn:aws:secretsmanager:us-east-1:" + AWS.accountId() + ":secret:isolated/one-"), arn);
        assertEquals("s1", AWS.secretsManager().getSecretValue(r -> r.secretId("isolated/one")).secretString());
        try (SecretsManagerClient defaultAccount = SecretsManagerClient.builder().endpointOverride(AWS.endpoint())
                .region(MotoExtension.REGION).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("other", "other"))).build()) {
            assertThrows(ResourceNotFoundException.class, () -> defaultAccount.getSecretValue(r -> r.secretId("isolated/one")));
            assertFalse(defaultAccount.listSecrets().secretList().stream().anyMatch(s -> s.name().equals("isolated/one")));
        }
    }

    @Test
    void theSchedulerClientWorksInTheDefaultGroup() {
        String arn = AWS.scheduler().createSchedule(b -> b.name("probe").scheduleExpression("rate(1 hour)")
                .flexibleTimeWindow(w -> w.mode("OFF"))
                .target(t -> t.arn("arn:aws:lambda:us-east-1:" + AWS.accountId() + ":function:f")
                        .roleArn("arn:aws:iam::" + AWS.accountId() + ":role/r"))).scheduleArn();

        assertEquals("arn:aws:scheduler:us-east-1:" + AWS.accountId() + ":schedule/default/probe", arn);
        assertEquals("rate(1 hour)", AWS.scheduler().getSchedule(b -> b.name("probe")).scheduleExpression());
    }
}
