package dev.writeback.testing.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/** The stand-in spoken to by the real SDK client, as the adapters will. */
class SecretsManagerStandinIT {
    @RegisterExtension
    static final SecretsManagerExtension SECRETS = new SecretsManagerExtension();

    private final SecretsManagerClient sm = SECRETS.client();

    private static String unique(String base) {
        return base + "/" + UUID.randomUUID();
    }

    @Test
    void createThenGetReturnsTheCurrentVersion() {
        String name = unique("app/db");
        CreateSecretResponse created = sm.createSecret(r -> r.name(name).secretString("pw-1").description("the db"));

        GetSecretValueResponse got = sm.getSecretValue(r -> r.secretId(name));

        assertEquals(name, created.name());
        assertTrue(created.arn().startsWith("arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-"), created.arn());
        assertEquals("pw-1", got.secretString());
        assertEquals(created.versionId(), got.versionId());
        assertEquals(List.of("AWSCURRENT"), got.versionStages());
        assertNotNull(got.createdDate());
        assertEquals("pw-1", sm.getSecretValue(r -> r.secretId(created.arn())).secretString(), "by ARN too");
    }

    @Test
    void binarySecretsRoundTrip() {
        String name = unique("bin");
        sm.createSecret(r -> r.name(name).secretBinary(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 255})));

        assertEquals(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 255}), sm.getSecretValue(r -> r.secretId(name)).secretBinary());
    }

    @Test
    void putSecretValueMovesTheStages() {
        String name = unique("rotating");
        String v1 = sm.createSecret(r -> r.name(name).secretString("one")).versionId();

        PutSecretValueResponse put = sm.putSecretValue(r -> r.secretId(name).secretString("two"));

        assertEquals(List.of("AWSCURRENT"), put.versionStages());
        assertEquals("two", sm.getSecretValue(r -> r.secretId(name)).secretString());
        assertEquals("one", sm.getSecretValue(r -> r.secretId(name).versionStage("AWSPREVIOUS")).secretString());
        assertEquals("one", sm.getSecretValue(r -> r.secretId(name).versionId(v1)).secretString());
        String v3 = sm.putSecretValue(r -> r.secretId(name).secretString("three")).versionId();
        DescribeSecretResponse described = sm.describeSecret(r -> r.secretId(name));
        assertEquals(Map.of(put.versionId(), List.of("AWSPREVIOUS"), v3, List.of("AWSCURRENT")), described.versionIdsToStages());
    }

    @Test
    void aRepeatedClientRequestTokenIsAnIdempotentRetry() {
        String name = unique("idem");
        sm.createSecret(r -> r.name(name).secretString("one"));
        String token = UUID.randomUUID().toString();

        String first = sm.putSecretValue(r -> r.secretId(name).secretString("two").clientRequestToken(token)).versionId();
        String retried = sm.putSecretValue(r -> r.secretId(name).secretString("two").clientRequestToken(token)).versionId();

        assertEquals(token, first);
        assertEquals(first, retried);
        assertEquals(2, sm.describeSecret(r -> r.secretId(name)).versionIdsToStages().size());
        assertThrows(ResourceExistsException.class, () -> sm.putSecretValue(r -> r.secretId(name).secretString("other").clientRequestToken(token)));
    }

    @Test
    void createOfAnExistingNameFails() {
        String name = unique("dup");
        sm.createSecret(r -> r.name(name).secretString("one"));

        ResourceExistsException e = assertThrows(ResourceExistsException.class, () -> sm.createSecret(r -> r.name(name).secretString("two")));
        assertEquals("The operation failed because the secret " + name + " already exists.", e.awsErrorDetails().errorMessage());
        assertEquals("ResourceExistsException", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void unknownSecretsAreResourceNotFound() {
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId("nope/" + UUID.randomUUID())));
        assertEquals("Secrets Manager can't find the specified secret.", e.awsErrorDetails().errorMessage());
        assertThrows(ResourceNotFoundException.class, () -> sm.putSecretValue(r -> r.secretId("nope").secretString("x")));
        assertThrows(ResourceNotFoundException.class, () -> sm.deleteSecret(r -> r.secretId("nope").forceDeleteWithoutRecovery(true)));
    }

    @Test
    void aSecretWithoutValueHasNoCurrentVersion() {
        String name = unique("empty");
        CreateSecretResponse created = sm.createSecret(r -> r.name(name));

        assertNull(created.versionId());
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(name)));
        assertEquals("Secrets Manager can't find the specified secret value for staging label: AWSCURRENT", e.awsErrorDetails().errorMessage());
    }

    @Test
    void softDeleteHidesTheValueUntilRestored() {
        String name = unique("soft");
        sm.createSecret(r -> r.name(name).secretString("keep"));

        DeleteSecretResponse deleted = sm.deleteSecret(r -> r.secretId(name).recoveryWindowInDays(7L));

        assertNotNull(deleted.deletionDate());
        assertThrows(InvalidRequestException.class, () -> sm.getSecretValue(r -> r.secretId(name)));
        assertThrows(InvalidRequestException.class, () -> sm.putSecretValue(r -> r.secretId(name).secretString("x")));
        assertThrows(InvalidRequestException.class, () -> sm.createSecret(r -> r.name(name).secretString("x")));
        assertNotNull(sm.describeSecret(r -> r.secretId(name)).deletedDate());

        sm.restoreSecret(r -> r.secretId(name));

        assertEquals("keep", sm.getSecretValue(r -> r.secretId(name)).secretString());
        assertNull(sm.describeSecret(r -> r.secretId(name)).deletedDate());
    }

    @Test
    void forceDeleteRemovesAtOnceAndTheNameIsFreeAgain() {
        String name = unique("force");
        sm.createSecret(r -> r.name(name).secretString("gone"));

        sm.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true));

        assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(name)));
        sm.createSecret(r -> r.name(name).secretString("new"));
        assertEquals("new", sm.getSecretValue(r -> r.secretId(name)).secretString());
    }

    @Test
    void forceDeleteWithARecoveryWindowIsRejected() {
        String name = unique("both");
        sm.createSecret(r -> r.name(name).secretString("v"));

        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> sm.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true).recoveryWindowInDays(7L)));
        assertEquals("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.", e.awsErrorDetails().errorMessage());
        assertThrows(InvalidParameterException.class, () -> sm.deleteSecret(r -> r.secretId(name).recoveryWindowInDays(3L)));
        assertEquals("v", sm.getSecretValue(r -> r.secretId(name)).secretString());
    }

    @Test
    void updateSecretChangesDescriptionAndValue() {
        String name = unique("upd");
        sm.createSecret(r -> r.name(name).secretString("one").description("first"));

        String version = sm.updateSecret(r -> r.secretId(name).description("second").secretString("two")).versionId();

        assertNotNull(version);
        assertEquals("second", sm.describeSecret(r -> r.secretId(name)).description());
        assertEquals("two", sm.getSecretValue(r -> r.secretId(name)).secretString());
        assertEquals("one", sm.getSecretValue(r -> r.secretId(name).versionStage("AWSPREVIOUS")).secretString());
    }

    @Test
    void invalidNamesAndValuesAreInvalidParameters() {
        assertThrows(InvalidParameterException.class, () -> sm.createSecret(r -> r.name("has space").secretString("v")));
        assertThrows(InvalidParameterException.class,
                () -> sm.createSecret(r -> r.name(unique("x")).secretString("v").secretBinary(SdkBytes.fromUtf8String("b"))));
    }

    @Test
    void listSecretsFiltersByNamePrefixAndPages() {
        String prefix = "list-" + UUID.randomUUID() + "/";
        for (String n : List.of("c", "a", "b")) {
            sm.createSecret(r -> r.name(prefix + n).secretString(n));
        }
        sm.createSecret(r -> r.name(prefix + "deleted").secretString("d"));
        sm.deleteSecret(r -> r.secretId(prefix + "deleted").recoveryWindowInDays(7L));
        Filter byName = Filter.builder().key(FilterNameStringType.NAME).values(prefix).build();

        ListSecretsResponse first = sm.listSecrets(r -> r.filters(byName).maxResults(2));
        ListSecretsResponse second = sm.listSecrets(r -> r.filters(byName).maxResults(2).nextToken(first.nextToken()));

        assertEquals(List.of(prefix + "a", prefix + "b"), first.secretList().stream().map(SecretListEntry::name).toList());
        assertEquals(List.of(prefix + "c"), second.secretList().stream().map(SecretListEntry::name).toList());
        assertNull(second.nextToken());
        assertEquals(4, sm.listSecrets(r -> r.filters(byName).includePlannedDeletion(true)).secretList().size());
        assertEquals(List.of(prefix + "a", prefix + "b", prefix + "c"),
                sm.listSecretsPaginator(r -> r.filters(byName).maxResults(1)).stream().flatMap(p -> p.secretList().stream()).map(SecretListEntry::name).toList());
    }
}
