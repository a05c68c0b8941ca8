package dev.writeback.core;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable copies whose order is fixed, for every set and map the API returns: the JDK's {@code Set.copyOf} and
 * {@code Map.copyOf} iterate in an order that changes from one JVM start to the next, and the JSON written from
 * them with it.
 */
public final class Ordered {
    private Ordered() {
    }

    /** The set in the enum's declaration order. */
    public static <E extends Enum<E>> Set<E> enums(Set<E> values, Class<E> type) {
        EnumSet<E> copy = EnumSet.noneOf(type);
        if (values != null) {
            copy.addAll(values);
        }
        return Collections.unmodifiableSet(copy);
    }

    /** The map sorted by key (no null keys or values, as {@code Map.copyOf}). */
    public static <V> SortedMap<String, V> byKey(Map<String, V> values) {
        TreeMap<String, V> copy = new TreeMap<>();
        if (values != null) {
            values.forEach((k, v) -> copy.put(k, Objects.requireNonNull(v, k)));
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}
