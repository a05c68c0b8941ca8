package dev.writeback.aws.dynamo;

import dev.writeback.aws.LocalStack;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.testing.DocumentTableContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The DocumentTable contract on LocalStack's DynamoDB; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class DynamoDocumentTableLocalStackIT extends DocumentTableContract {
    private static final AtomicInteger TABLES = new AtomicInteger();

    @Override
    protected DocumentTable newTable() {
        String name = "writeback-" + TABLES.incrementAndGet();
        DynamoDocumentTable.createTable(LocalStack.clients().dynamoDb(), name);
        return new DynamoDocumentTable(LocalStack.clients().dynamoDb(), name);
    }
}
