package dev.writeback.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AwsClientsTest {
    @Test
    void aRegionIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AwsClients.builder().build());
        assertEquals("An AWS region is required: call region(...).", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AwsClients.builder().region(" "));
    }

    @Test
    void eachClientIsBuiltOnceForItsRegion() {
        try (AwsClients aws = AwsClients.builder().region("eu-west-3").credentials("a", "b")
                .endpoint(URI.create("http://127.0.0.1:9")).build()) {
            assertSame(aws.dynamoDb(), aws.dynamoDb());
            assertSame(aws.s3(), aws.s3());
            assertSame(aws.secretsManager(), aws.secretsManager());
            assertEquals("eu-west-3", aws.s3().serviceClientConfiguration().region().id());
            assertEquals(URI.create("http://127.0.0.1:9"), aws.dynamoDb().serviceClientConfiguration().endpointOverride().orElseThrow());
        }
    }
}
