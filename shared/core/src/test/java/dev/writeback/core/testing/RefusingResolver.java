package dev.writeback.core.testing;

import dev.writeback.core.net.AddressGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A resolver for code that must not reach the network (SnapStart priming): every host name is unknown and recorded;
 * an IP literal is answered as itself, as no lookup is needed for it.
 */
public final class RefusingResolver implements AddressGuard.Resolver {
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        if (host.matches("[0-9.]+")) {
            return List.of(InetAddress.getByName(host));
        }
        lookups.add(host);
        throw new UnknownHostException(host + ": no network here");
    }

    /** Every host name asked for so far, in order. */
    public List<String> lookups() {
        return List.copyOf(lookups);
    }
}
