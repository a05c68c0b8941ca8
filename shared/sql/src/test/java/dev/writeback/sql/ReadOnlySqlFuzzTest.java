package dev.writeback.sql;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.writeback.core.error.InvalidInputException;
import java.util.Set;

/**
 * The SQL a caller sends: {@link ReadOnlySql#check} returns the query to run or refuses it with
 * {@link InvalidInputException}; never a NullPointerException, a stack overflow or another exception.
 */
class ReadOnlySqlFuzzTest {

    private static final Set<String> COLUMNS = Set.of("day", "count", "value", "name", "amount", "order");

    @FuzzTest(maxDuration = "60s")
    void check(String sql) {
        try {
            assertNotNull(ReadOnlySql.check(sql, COLUMNS));
        } catch (InvalidInputException refused) {
            // a clear refusal
        }
    }
}
