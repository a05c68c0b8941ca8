package dev.writeback.script;

import dev.writeback.core.data.RowCursor;
import org.graalvm.polyglot.HostAccess;

/** One streamed query: the glue asks for the next batch until it gets null. */
public final class BatchReader {
    private final DomoHost host;
    private final ScriptRun run;
    private final RowCursor cursor;
    private final String datasource;
    private final int size;
    private boolean done;

    BatchReader(DomoHost host, ScriptRun run, RowCursor cursor, String datasource, int size) {
        this.host = host;
        this.run = run;
        this.cursor = cursor;
        this.datasource = datasource;
        this.size = size;
    }

    @HostAccess.Export
    public String describe() {
        return DomoJson.write(g -> {
            g.writeStartObject();
            g.writeStringField("datasource", datasource);
            DomoJson.writeColumns(g, cursor.columns(), datasource);
            g.writeEndObject();
        });
    }

    @HostAccess.Export
    public String next() {
        if (done) {
            return null;
        }
        int[] count = {0};
        String json = host.data("DOMO.queryBatches", () -> DomoJson.write(g -> {
            g.writeStartArray();
            while (count[0] < size && cursor.next()) {
                count[0]++;
                g.writeStartArray();
                for (Object cell : cursor.row()) {
                    DomoJson.writeCell(g, cell);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }));
        if (count[0] == 0) {
            close();
            return null;
        }
        return json;
    }

    @HostAccess.Export
    public void close() {
        if (!done) {
            done = true;
            run.openCursors.remove(cursor);
            cursor.close();
        }
    }
}
