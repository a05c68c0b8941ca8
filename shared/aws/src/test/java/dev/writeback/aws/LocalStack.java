package dev.writeback.aws;

import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One LocalStack container for every {@code *LocalStackIT} class of the run, started on first use
 * and removed by Testcontainers when the JVM exits. Those classes carry
 * {@code @Testcontainers(disabledWithoutDocker = true)}, so without a Docker engine nothing here
 * runs. The image can be changed with {@code -Dwriteback.localstackImage=...}.
 */
public final class LocalStack {
    private static final String IMAGE = System.getProperty("writeback.localstackImage", "localstack/localstack:4.9");
    private static LocalStackContainer container;
    private static AwsClients clients;

    private LocalStack() {
    }

    /** Clients for the running container (started on the first call). */
    public static synchronized AwsClients clients() {
        if (container == null) {
            LocalStackContainer started = new LocalStackContainer(DockerImageName.parse(IMAGE))
                    .withServices("dynamodb", "s3", "secretsmanager");
            started.start();
            container = started;
            clients = AwsClients.builder()
                    .region(started.getRegion())
                    .credentials(started.getAccessKey(), started.getSecretKey())
                    .endpoint(started.getEndpoint())
                    .build();
        }
        return clients;
    }
}
