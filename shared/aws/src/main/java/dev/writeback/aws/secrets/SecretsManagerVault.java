package dev.writeback.aws.secrets;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.store.SecretVault;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * {@link SecretVault} on AWS Secrets Manager: every name lives under a fixed prefix (e.g.
 * {@code writeback/}), a put adds a new AWSCURRENT version, a delete is immediate
 * (ForceDeleteWithoutRecovery).
 */
public final class SecretsManagerVault implements SecretVault {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]+");
    private static final int MAX_NAME = 512;

    private final SecretsManagerClient secrets;
    private final String prefix;

    public SecretsManagerVault(SecretsManagerClient secrets, String namePrefix) {
        if (!namePrefix.isEmpty() && !NAME.matcher(namePrefix).matches()) {
            throw new IllegalArgumentException("The secret name prefix may only hold letters, digits and / _ + = . @ -: " + namePrefix);
        }
        this.secrets = secrets;
        this.prefix = namePrefix;
    }

    @Override
    public void put(String name, String value) {
        String id = secretId(name);
        try {
            secrets.createSecret(r -> r.name(id).secretString(value));
        } catch (ResourceExistsException e) {
            secrets.putSecretValue(r -> r.secretId(id).secretString(value));
        } catch (InvalidRequestException e) {
            if (secrets.describeSecret(r -> r.secretId(id)).deletedDate() == null) {
                throw e; // refused for another reason (e.g. the value is too large): not ours to paper over
            }
            // Someone else scheduled it for deletion: bring it back with the new value.
            secrets.restoreSecret(r -> r.secretId(id));
            secrets.putSecretValue(r -> r.secretId(id).secretString(value));
        }
    }

    @Override
    public Optional<String> get(String name) {
        String id = secretId(name);
        try {
            return Optional.ofNullable(secrets.getSecretValue(r -> r.secretId(id)).secretString());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (InvalidRequestException e) {
            return Optional.empty(); // scheduled for deletion
        }
    }

    @Override
    public void delete(String name) {
        String id = secretId(name);
        try {
            secrets.deleteSecret(r -> r.secretId(id).forceDeleteWithoutRecovery(true));
        } catch (ResourceNotFoundException e) {
            // already gone: deleting an absent secret is not an error
        }
    }

    private String secretId(String name) {
        if (name == null || !NAME.matcher(name).matches() || prefix.length() + name.length() > MAX_NAME) {
            throw new InvalidInputException("The secret name '" + name + "' must be 1 to " + (MAX_NAME - prefix.length())
                    + " letters, digits or / _ + = . @ - characters.");
        }
        return prefix + name;
    }
}
