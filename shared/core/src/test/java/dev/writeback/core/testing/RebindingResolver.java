package dev.writeback.core.testing;

import dev.writeback.core.net.AddressGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS-rebinding name for the address guard: {@code host} answers the next of its answers on each lookup (the last
 * one from then on), typically one the guard admits and then an internal one; every other name is unknown. Counts
 * the lookups, so a test can see that a name was resolved once.
 */
public final class RebindingResolver implements AddressGuard.Resolver {
    private final String host;
    private final List<InetAddress> answers = new ArrayList<>();
    private final AtomicInteger lookups = new AtomicInteger();

    /** @param answers IP literals, in the order they are answered */
    public RebindingResolver(String host, String... answers) {
        this.host = host.toLowerCase(Locale.ROOT);
        for (String a : answers) {
            try {
                this.answers.add(InetAddress.getByName(a));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP literal: " + a, e);
            }
        }
    }

    @Override
    public List<InetAddress> resolve(String name) throws UnknownHostException {
        if (!name.toLowerCase(Locale.ROOT).equals(host)) {
            throw new UnknownHostException(name);
        }
        int n = lookups.getAndIncrement();
        return List.of(answers.get(Math.min(n, answers.size() - 1)));
    }

    public int lookups() {
        return lookups.get();
    }
}
