package dev.writeback.testing.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** A second class in the same JVM: the same server, another account, none of {@link MotoExtensionIT}'s state. */
class MotoExtensionOtherClassIT {
    @RegisterExtension
    static final MotoExtension AWS = new MotoExtension();

    @Test
    void sharesTheServerButNotTheAccount() {
        MotoExtensionIT.recordAndCheck(MotoExtensionOtherClassIT.class, AWS);

        assertThrows(ResourceNotFoundException.class, () -> AWS.secretsManager().getSecretValue(r -> r.secretId("isolated/one")));
        AWS.secretsManager().createSecret(r -> r.name("isolated/one").secretString("s2"));
        assertEquals("s2", AWS.secretsManager().getSecretValue(r -> r.secretId("isolated/one")).secretString());
    }
}
