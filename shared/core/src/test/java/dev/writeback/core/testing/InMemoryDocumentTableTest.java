package dev.writeback.core.testing;

import dev.writeback.core.store.DocumentTable;

/** The table double passes the contract the DynamoDB and file adapters pass. */
class InMemoryDocumentTableTest extends DocumentTableContract {
    @Override
    protected DocumentTable newTable() {
        return new InMemoryDocumentTable();
    }
}
