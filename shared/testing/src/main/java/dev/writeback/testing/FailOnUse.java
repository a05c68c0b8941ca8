package dev.writeback.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Ports (stores, HTTP clients: any interface) that fail on every use and remember each one, to prove a piece of code
 * touches none of them. Closing one, or asking an HTTP client its name (the AWS SDK does when it builds a client), is
 * not a use.
 */
public final class FailOnUse {
    private static final Set<String> NOT_USES = Set.of("close", "clientName", "toString", "hashCode", "equals");
    private final List<String> uses = new CopyOnWriteArrayList<>();

    /** An implementation of {@code type} whose every method (but {@code close}) throws and is recorded. */
    public <T> T port(Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (NOT_USES.contains(method.getName())) {
                return switch (method.getName()) {
                    case "toString", "clientName" -> "FailOnUse" + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                };
            }
            uses.add(type.getSimpleName() + "." + method.getName());
            throw new IllegalStateException(type.getSimpleName() + "." + method.getName() + " was used");
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }

    /** Every use so far, as {@code Type.method}, in order. */
    public List<String> uses() {
        return List.copyOf(uses);
    }
}
