package dev.writeback.local;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.error.WritebackException;
import dev.writeback.domo.standin.QueryHook;
import dev.writeback.domo.standin.StandinDataset;
import dev.writeback.domo.standin.StandinError;
import dev.writeback.sql.SqlEngine;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** Answers the Domo stand-in's SQL query endpoint with the same engine the executor uses. */
final class StandinQueries implements QueryHook {
    private static final int MAX_ROWS = 100_000;

    @Override
    public Result execute(StandinDataset ds, String sql) {
        Dataset dataset = new Dataset(ds.id(), ds.name(), ds.description(), ds.ownerId(), ds.ownerName(), ds.rows(),
                ds.columns().stream().map(c -> new Column(c.name(), DomoType.valueOf(c.type()))).toList(),
                ds.createdAt(), ds.updatedAt(), ds.dataCurrentAt());
        QueryResult r;
        try {
            r = SqlEngine.query(dataset, () -> Files.newInputStream(ds.csvFile()), false, sql, new LongAdder(), MAX_ROWS);
        } catch (WritebackException e) {
            throw new StandinError(e.status() == 404 ? 404 : 400, e.status() == 404 ? "Not Found" : "Bad Request", e.getMessage());
        }
        List<List<Object>> rows = r.rows().stream().map(row -> row.stream()
                .map(v -> v instanceof LocalDate || v instanceof LocalDateTime ? (Object) v.toString() : v).toList()).toList();
        return new Result(r.columns().stream().map(Column::name).toList(),
                r.columns().stream().map(c -> c.type().name()).toList(), rows);
    }
}
