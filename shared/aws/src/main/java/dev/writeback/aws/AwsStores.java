package dev.writeback.aws;

import dev.writeback.aws.dynamo.DynamoDocumentTable;
import dev.writeback.aws.s3.S3BlobStore;
import dev.writeback.aws.secrets.SecretsManagerVault;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.SecretVault;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The three stores of a function, from its environment: {@code TABLE_NAME}, {@code BUCKET_NAME},
 * {@code SECRET_PREFIX} (default {@code writeback/}), {@code AWS_REGION}, and optionally
 * {@code WRITEBACK_AWS_ENDPOINT} (one endpoint for every service, e.g. LocalStack) or one per service:
 * {@code WRITEBACK_DYNAMODB_ENDPOINT}, {@code WRITEBACK_S3_ENDPOINT}, {@code WRITEBACK_SECRETSMANAGER_ENDPOINT}
 * (emulators on loopback).
 */
public record AwsStores(AwsClients clients, DocumentTable table, BlobStore blobs, SecretVault vault) {

    public static AwsStores fromEnvironment() {
        return from(System.getenv());
    }

    public static AwsStores from(Map<String, String> env) {
        AwsClients.Builder b = AwsClients.builder().region(env.get("AWS_REGION"));
        String endpoint = env.get("WRITEBACK_AWS_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            b.endpoint(URI.create(endpoint));
        }
        optional(env, "WRITEBACK_DYNAMODB_ENDPOINT").ifPresent(e -> b.dynamoDbEndpoint(URI.create(e)));
        optional(env, "WRITEBACK_S3_ENDPOINT").ifPresent(e -> b.s3Endpoint(URI.create(e)));
        optional(env, "WRITEBACK_SECRETSMANAGER_ENDPOINT").ifPresent(e -> b.secretsManagerEndpoint(URI.create(e)));
        AwsClients clients = b.build();
        return new AwsStores(clients,
                new DynamoDocumentTable(clients.dynamoDb(), required(env, "TABLE_NAME")),
                new S3BlobStore(clients.s3(), required(env, "BUCKET_NAME"), ""),
                new SecretsManagerVault(clients.secretsManager(), env.getOrDefault("SECRET_PREFIX", "writeback/")));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("The function's environment lacks " + name + " (set by template.yaml).");
        }
        return v;
    }
}
