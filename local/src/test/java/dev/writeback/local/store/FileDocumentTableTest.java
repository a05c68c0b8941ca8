package dev.writeback.local.store;

import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.testing.DocumentTableContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The DocumentTable contract on the file adapter. */
class FileDocumentTableTest extends DocumentTableContract {
    @TempDir
    Path dir;

    @Override
    protected DocumentTable newTable() {
        return new FileDocumentTable(dir.resolve("table"));
    }
}
