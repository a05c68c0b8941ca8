package dev.writeback.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.RowCursor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data plane double passes the contract the Calcite data plane passes. */
class InMemoryDataPlaneTest extends DataPlaneContract {
    @Override
    protected DataPlane newPlane(List<Fixture> datasets) {
        InMemoryDataPlane plane = new InMemoryDataPlane();
        datasets.forEach(d -> plane.add(d.id(), d.name(), d.schema(), d.rows()));
        return plane;
    }

    @Test
    void generatedRowsAreMadeOnDemandAndCursorsAreCounted() {
        InMemoryDataPlane big = new InMemoryDataPlane().add("big", "Big", List.of(new Column("n", DomoType.LONG)),
                5_000_000_000L, i -> new Object[] {i});

        try (RowCursor cursor = big.openQuery("big", "select * from tbl")) {
            assertEquals(1, big.openCursors());
            cursor.next();
            cursor.next();
            assertEquals(1L, cursor.row()[0]);
        }

        assertEquals(0, big.openCursors());
        assertEquals(2, big.rowsRead());
        assertEquals(5_000_000_000L, big.getDataset("big").rows());
        assertEquals(List.of("select * from tbl"), big.queries());
    }
}
