package dev.writeback.core.data;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Cell values (Java types per {@link DomoType}) as text and JSON, the way Domo's query API shows them:
 * what scripts see in {@code DOMO.queryData} and what the built-in writers write.
 */
public final class DomoValues {
    public static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private DomoValues() {
    }

    /** Text of a non-null cell: numbers without exponent, DATE {@code yyyy-MM-dd}, DATETIME {@code yyyy-MM-ddTHH:mm:ss} (UTC). */
    public static String text(Object cell) {
        return switch (cell) {
            case String s -> s;
            case Double d -> d.isNaN() || d.isInfinite() ? "" : plain(d);
            case Float f -> plain(f.doubleValue());
            case BigDecimal b -> b.toPlainString();
            case LocalDate d -> d.toString();
            case LocalDateTime t -> DATETIME.format(t);
            case Instant t -> DATETIME.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
            default -> cell.toString();
        };
    }

    private static String plain(double d) {
        String s = Double.toString(d);
        return s.indexOf('E') < 0 ? s : BigDecimal.valueOf(d).toPlainString();
    }

    public static void json(JsonGenerator g, Object cell) throws IOException {
        switch (cell) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) {
                    g.writeNull();
                } else {
                    g.writeNumber(d);
                }
            }
            case BigDecimal b -> g.writeNumber(b);
            case BigInteger b -> g.writeNumber(b);
            case Number n -> g.writeNumber(n.doubleValue());
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(text(cell));
        }
    }
}
