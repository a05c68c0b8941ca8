package dev.writeback.core.data;

/**
 * Domo's column types. Values travel in Java as: STRING → String, LONG → Long,
 * DOUBLE → Double, DECIMAL → BigDecimal, DATE → LocalDate, DATETIME → LocalDateTime (UTC).
 */
public enum DomoType {
    STRING, LONG, DOUBLE, DECIMAL, DATE, DATETIME
}
