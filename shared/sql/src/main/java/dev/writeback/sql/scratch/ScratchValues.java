package dev.writeback.sql.scratch;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.json.Json;
import dev.writeback.core.scratch.ScratchColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Script values (as JSON gives them) in and out of a scratch table's column types. */
final class ScratchValues {
    private static final DateTimeFormatter DATETIME_OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private ScratchValues() {
    }

    /** The value to bind for a column of {@code type}; null stays null. */
    static Object toColumn(String column, ScratchColumnType type, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return switch (type) {
                case STRING -> value instanceof String s ? s
                        : value instanceof Map || value instanceof List ? Json.write(value) : plain(value);
                case LONG -> wholeNumber(value);
                case DOUBLE -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(text(value));
                case DECIMAL -> value instanceof BigDecimal d ? d : new BigDecimal(plain(value));
                case BOOLEAN -> value instanceof Boolean b ? b : bool(text(value));
                case DATE -> date(text(value));
                case DATETIME -> datetime(text(value));
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new InvalidInputException("column '" + column + "' is " + type + "; " + shown(value) + " is not "
                    + switch (type) {
                        case LONG -> "a whole number";
                        case DOUBLE, DECIMAL -> "a number";
                        case BOOLEAN -> "true or false";
                        case DATE -> "a date (yyyy-MM-dd)";
                        case DATETIME -> "a date-time (yyyy-MM-ddTHH:mm:ss)";
                        case STRING -> "text";
                    });
        }
    }

    /** A column's value as the script sees it: numbers, strings, booleans; dates as Domo writes them. */
    static Object fromColumn(Object value) {
        return switch (value) {
            case null -> null;
            case LocalDate d -> d.toString();
            case LocalDateTime t -> t.truncatedTo(ChronoUnit.SECONDS).format(DATETIME_OUT);
            case java.sql.Date d -> d.toLocalDate().toString();
            case java.sql.Timestamp t -> t.toLocalDateTime().truncatedTo(ChronoUnit.SECONDS).format(DATETIME_OUT);
            case BigDecimal d -> d.stripTrailingZeros();
            default -> value;
        };
    }

    private static long wholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b) {
            return b.longValueExact();
        }
        BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(plain(value).strip());
        return d.longValueExact();
    }

    private static boolean bool(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new NumberFormatException(s);
        };
    }

    private static LocalDate date(String s) {
        String t = s.strip();
        return t.length() > 10 ? datetime(t).toLocalDate() : LocalDate.parse(t);
    }

    private static LocalDateTime datetime(String s) {
        String t = s.strip().replace(' ', 'T');
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay();
        }
        if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")) {
            return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return LocalDateTime.parse(t);
    }

    private static String text(Object value) {
        if (value instanceof Map || value instanceof List) {
            throw new NumberFormatException("structured");
        }
        return plain(value);
    }

    /** A number without a needless {@code .0}, other values as text. */
    private static String plain(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return String.valueOf(value);
    }

    private static String shown(Object value) {
        String s = value instanceof String ? "'" + value + "'" : value instanceof Map || value instanceof List ? Json.write(value) : String.valueOf(value);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
