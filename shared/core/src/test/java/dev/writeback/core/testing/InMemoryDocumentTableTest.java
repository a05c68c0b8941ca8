package dev.writeback.core.testing;

import dev.writeback.core.store.DocumentTable;

class InMemoryDocumentTableTest extends DocumentTableContract {
    @Override
    protected DocumentTable newEmptyTable() {
        return new InMemoryDocumentTable();
    }
}
