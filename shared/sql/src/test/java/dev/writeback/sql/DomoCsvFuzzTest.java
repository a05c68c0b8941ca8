package dev.writeback.sql;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.error.UpstreamException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Domo's CSV export is bytes the service does not control: scanning it against a schema with every Domo type either
 * yields rows or fails with the errors a query reports (malformed CSV: {@link UpstreamException}; a row that does
 * not fit the schema: {@link UnprocessableException}); never another exception, and it ends.
 */
class DomoCsvFuzzTest {

    private static final List<Column> SCHEMA = List.of(new Column("s", DomoType.STRING), new Column("l", DomoType.LONG),
            new Column("d", DomoType.DOUBLE), new Column("m", DomoType.DECIMAL), new Column("day", DomoType.DATE),
            new Column("t", DomoType.DATETIME));
    private static final Dataset DATASET = new Dataset("ds-fuzz", "fuzz", null, null, null, 0, SCHEMA, null, null, null);

    @FuzzTest(maxDuration = "60s")
    void scan(FuzzedDataProvider data) throws Exception {
        boolean header = data.consumeBoolean();
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        if (header) {
            csv.writeBytes("s,l,d,m,day,t\n".getBytes(StandardCharsets.UTF_8));
        }
        csv.writeBytes(data.consumeRemainingAsBytes());
        byte[] bytes = csv.toByteArray();
        try (TableReads reads = new TableReads(DATASET.id(), () -> new ByteArrayInputStream(bytes), new LongAdder(), 1_000_000)) {
            DatasetTable table = new DatasetTable(DATASET, reads, header);
            try (Enumerator<Object[]> rows = table.scan(null, new ArrayList<>(), null).enumerator()) {
                int n = 0;
                while (rows.moveNext()) {
                    if (rows.current().length != SCHEMA.size() || ++n > bytes.length + 1) {
                        throw new AssertionError("row " + n + " of " + bytes.length + " bytes has " + rows.current().length + " values");
                    }
                }
            } catch (UpstreamException | UnprocessableException expected) {
                // the query's error for bad data
            }
        }
    }
}
