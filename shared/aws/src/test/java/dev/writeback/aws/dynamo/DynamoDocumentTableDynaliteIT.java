package dev.writeback.aws.dynamo;

import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.testing.DocumentTableContract;
import dev.writeback.testing.aws.DynaliteExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The DocumentTable contract on dynalite, one fresh table per test. */
class DynamoDocumentTableDynaliteIT extends DocumentTableContract {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = new DynaliteExtension();
    private static final AtomicInteger TABLES = new AtomicInteger();

    @Override
    protected DocumentTable newTable() {
        String name = DYNAMO.tableName("writeback-" + TABLES.incrementAndGet());
        DynamoDocumentTable.createTable(DYNAMO.client(), name);
        return new DynamoDocumentTable(DYNAMO.client(), name);
    }
}
