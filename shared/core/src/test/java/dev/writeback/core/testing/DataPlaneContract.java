package dev.writeback.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every documented behaviour of {@link DataPlane} that does not depend on how much SQL an
 * implementation understands: listing and describing DataSets, {@code select *} with and without a
 * limit over {@code tbl}, {@code table} or the back-quoted DataSet id, streaming, rows read, and what
 * is refused. An implementation's test extends this class and supplies a plane over {@link #DATASETS}.
 */
public abstract class DataPlaneContract {
    /** A DataSet to serve: its id, name, schema and rows (cells as {@link DomoType} says: Long, String, BigDecimal, LocalDate, ...). */
    public record Fixture(String id, String name, List<Column> schema, List<List<Object>> rows) {
    }

    protected static final Fixture ORDERS = new Fixture("ds-orders", "Orders",
            List.of(new Column("id", DomoType.LONG), new Column("customer", DomoType.STRING),
                    new Column("amount", DomoType.DECIMAL), new Column("ordered", DomoType.DATE)),
            List.of(List.of(1L, "Ann", new BigDecimal("12.50"), LocalDate.of(2024, 3, 1)),
                    List.of(2L, "Bob \"the builder\", Jr.", new BigDecimal("0.10"), LocalDate.of(2024, 3, 2)),
                    Arrays.asList(3L, null, null, null)));
    protected static final Fixture PEOPLE = new Fixture("ds-people", "People",
            List.of(new Column("name", DomoType.STRING), new Column("since", DomoType.DATETIME)),
            List.of(List.of("Zoë 日本", LocalDateTime.of(2024, 1, 2, 3, 4, 5))));
    /** What every plane under test holds. */
    protected static final List<Fixture> DATASETS = List.of(ORDERS, PEOPLE);

    protected DataPlane plane;

    /** A new plane over these DataSets, nothing read yet (called before each test). */
    protected abstract DataPlane newPlane(List<Fixture> datasets) throws Exception;

    /** Releases what {@link #newPlane(List)} made (called after each test). */
    protected void closePlane() throws Exception {
    }

    @BeforeEach
    final void openPlane() throws Exception {
        plane = newPlane(DATASETS);
    }

    @AfterEach
    final void releasePlane() throws Exception {
        closePlane();
    }

    @Test
    void everyDatasetIsListedWithItsNameRowsAndColumns() {
        Map<String, String> listed = new TreeMap<>();
        plane.listDatasets().forEach(d -> listed.put(d.id(), d.name() + " " + d.rows() + " rows " + d.columns() + " columns"));

        assertEquals(Map.of("ds-orders", "Orders 3 rows 4 columns", "ds-people", "People 1 rows 2 columns"), listed);
    }

    @Test
    void aDatasetIsDescribedWithItsSchemaAndRowCount() {
        Dataset d = plane.getDataset("ds-orders");

        assertEquals("ds-orders", d.id());
        assertEquals("Orders", d.name());
        assertEquals(3, d.rows());
        assertEquals(ORDERS.schema(), d.schema());
    }

    @Test
    void anUnknownDatasetIsNotFound() {
        assertThrows(NotFoundException.class, () -> plane.getDataset("ds-nope"));
        assertThrows(NotFoundException.class, () -> plane.query("ds-nope", "select * from tbl"));
        assertThrows(NotFoundException.class, () -> plane.openQuery("ds-nope", "select * from tbl").close());
    }

    @Test
    void selectStarReturnsEveryRowWithTheSchema() {
        QueryResult r = plane.query("ds-orders", "select * from tbl");

        assertEquals("ds-orders", r.datasource());
        assertEquals(ORDERS.schema(), r.columns());
        assertEquals(ORDERS.rows(), r.rows());
        assertEquals(PEOPLE.rows(), plane.query("ds-people", "select * from tbl").rows(), "Unicode and date-times");
    }

    @Test
    void theTableIsTblTableOrTheBackQuotedDatasetId() {
        for (String sql : List.of("select * from tbl", "SELECT * FROM table", "select * from `ds-orders`")) {
            assertEquals(ORDERS.rows(), plane.query("ds-orders", sql).rows(), sql);
        }
    }

    @Test
    void aLimitReturnsTheFirstRows() {
        assertEquals(ORDERS.rows().subList(0, 2), plane.query("ds-orders", "select * from tbl limit 2").rows());
        assertEquals(ORDERS.rows(), plane.query("ds-orders", "select * from tbl limit 10").rows());
    }

    @Test
    void aCursorStreamsTheSameRowsAndThenEnds() {
        List<List<Object>> rows = new ArrayList<>();
        try (RowCursor cursor = plane.openQuery("ds-orders", "select * from tbl")) {
            assertEquals(ORDERS.schema(), cursor.columns());
            while (cursor.next()) {
                rows.add(Arrays.asList(cursor.row().clone()));
            }
            assertFalse(cursor.next(), "a finished cursor stays finished");
        }

        assertEquals(ORDERS.rows(), rows);
    }

    @Test
    void rowsReadCountTheRowsEveryQueryScanned() {
        assertEquals(0, plane.rowsRead());

        plane.query("ds-orders", "select * from tbl");
        assertEquals(3, plane.rowsRead());

        try (RowCursor cursor = plane.openQuery("ds-people", "select * from tbl")) {
            while (cursor.next()) {
                cursor.row();
            }
        }
        assertEquals(4, plane.rowsRead());
    }

    @Test
    void onlyOneReadOnlyStatementRuns() {
        for (String sql : List.of("delete from tbl", "drop table tbl", "insert into tbl values (4, 'x', 1, date '2024-01-01')",
                "select * from tbl; delete from tbl")) {
            assertThrows(InvalidInputException.class, () -> plane.query("ds-orders", sql), sql);
            assertThrows(InvalidInputException.class, () -> plane.openQuery("ds-orders", sql).close(), sql);
        }
        assertEquals(0, plane.rowsRead(), "nothing is read for a refused statement");
        assertEquals(ORDERS.rows(), plane.query("ds-orders", "select * from tbl").rows(), "and nothing changed");
    }
}
