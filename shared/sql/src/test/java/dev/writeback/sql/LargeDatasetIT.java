package dev.writeback.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.time.Deadline;
import dev.writeback.domo.standin.DomoStandin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs in its own JVM with {@code -Xmx128m} (see the pom): 2M rows must stream, not be held. */
class LargeDatasetIT {

    static final int ROWS = 2_000_000;

    @Test
    void twoMillionRowsStreamThroughA128MbHeap() throws Exception {
        assertTrue(Runtime.getRuntime().maxMemory() <= 128L * 1024 * 1024, "this test must run with -Xmx128m");
        Path csv = DomoLikeData.write(Path.of("target", "large", "events-2m.csv"), ROWS);
        try (DomoStandin standin = DomoStandin.builder().client("c", "s").dataset(DomoLikeData.standin("events", csv, ROWS)).start()) {
            DataPlane plane = new CalciteDataPlaneFactory(standin.baseUri())
                    .open(new DomoCredentials("c", "s", List.of("data")), Deadline.after(Duration.ofMinutes(5), Clock.systemUTC()));

            long opens = 0;
            long lastId = -1;
            try (RowCursor c = plane.openQuery("events", "select id, action, note from tbl where action = 'open'")) {
                while (c.next()) {
                    opens++;
                    lastId = (Long) c.row()[0];
                }
            }
            assertEquals(ROWS / 4, opens);
            assertEquals(ROWS - 4, lastId);

            QueryResult r = plane.query("events",
                    "select action, count(*) as n, count(user_name) as named, sum(amount) as total from tbl group by action order by action");
            // user_name is null when i % 10 == 0: a fifth of the even actions' rows, none of the odd ones'
            // amount = i % 1000 / 4; per action (i % 4 fixed) the 2000 cycles of 1000 give 250 values each
            assertEquals(List.of(
                    List.of("click", 500_000L, 500_000L, sumAmount(1)),
                    List.of("close", 500_000L, 400_000L, sumAmount(2)),
                    List.of("open", 500_000L, 400_000L, sumAmount(0)),
                    List.of("view", 500_000L, 500_000L, sumAmount(3))), r.rows());
            assertEquals(2L * ROWS, plane.rowsRead());
        }
    }

    private static double sumAmount(int action) {
        double s = 0;
        for (int i = action; i < 1000; i += 4) {
            s += i / 4.0;
        }
        return s * (ROWS / 1000);
    }
}
