package dev.writeback.core.scratch;

import dev.writeback.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which rows a {@code sql.select/update/delete} touches: every condition must hold. Built from the script's
 * {@code where} object, column → value (equality; {@code null} is IS NULL) or column → {operator: value} with the
 * operators {@code = != < <= > >= like in} ({@code in} takes an array; {@code {'!=': null}} is IS NOT NULL).
 */
public record ScratchWhere(List<Condition> conditions) {
    public static final ScratchWhere ALL = new ScratchWhere(List.of());

    public ScratchWhere {
        conditions = List.copyOf(conditions);
    }

    /** One comparison; {@code value} is a list for IN, null for IS [NOT] NULL. */
    public record Condition(String column, Operator operator, Object value) {
    }

    public enum Operator {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), LIKE("like"), IN("in");

        public final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        static Operator of(String column, String symbol) {
            for (Operator o : values()) {
                if (o.symbol.equals(symbol.toLowerCase(Locale.ROOT)) || symbol.equals("==") && o == EQ || symbol.equals("<>") && o == NE) {
                    return o;
                }
            }
            throw new InvalidInputException("where: the operator '" + symbol + "' of column '" + column
                    + "' is not one of = != < <= > >= like in");
        }
    }

    /** From the parsed {@code where} argument: null means every row. */
    public static ScratchWhere of(Object where) {
        if (where == null) {
            return ALL;
        }
        if (!(where instanceof Map<?, ?> map)) {
            throw new InvalidInputException("where must be an object of column → value, e.g. {id: 7} or {age: {'>': 30}}");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String column = String.valueOf(e.getKey());
            if (e.getValue() instanceof Map<?, ?> ops) {
                if (ops.isEmpty()) {
                    throw new InvalidInputException("where: column '" + column + "' has an empty condition {}");
                }
                for (Map.Entry<?, ?> op : ops.entrySet()) {
                    conditions.add(condition(column, Operator.of(column, String.valueOf(op.getKey())), op.getValue()));
                }
            } else {
                conditions.add(condition(column, Operator.EQ, e.getValue()));
            }
        }
        return new ScratchWhere(conditions);
    }

    private static Condition condition(String column, Operator operator, Object value) {
        if (operator == Operator.IN) {
            if (!(value instanceof List<?> list) || list.isEmpty()) {
                throw new InvalidInputException("where: 'in' of column '" + column + "' needs a non-empty array");
            }
            if (list.stream().anyMatch(v -> v == null || v instanceof Map || v instanceof List)) {
                throw new InvalidInputException("where: 'in' of column '" + column + "' takes plain values (no null)");
            }
            return new Condition(column, operator, List.copyOf(list));
        }
        if (value instanceof Map || value instanceof List) {
            throw new InvalidInputException("where: column '" + column + "' compares with " + (value instanceof List ? "an array" : "an object")
                    + "; use a plain value, or {in: [...]}");
        }
        if (value == null && operator != Operator.EQ && operator != Operator.NE) {
            throw new InvalidInputException("where: column '" + column + "' cannot be compared with null by '" + operator.symbol + "'");
        }
        return new Condition(column, operator, value);
    }
}
