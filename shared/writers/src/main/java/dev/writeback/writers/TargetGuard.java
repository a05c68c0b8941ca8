package dev.writeback.writers;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.net.AddressGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Keeps writers away from internal networks (SSRF): every address a target host resolves to must be public, and
 * HTTP targets must use https. {@code internalTargets} ({@code host:port} exactly as written, e.g.
 * {@code 127.0.0.1:9000}) bypass both rules: for local mode and tests only.
 */
final class TargetGuard {
    private final Set<String> internalTargets;

    TargetGuard(Set<String> internalTargets) {
        this.internalTargets = Set.copyOf(internalTargets);
    }

    void check(String field, String scheme, String host, int port) {
        if (internalTargets.contains(host + ":" + port)) {
            return;
        }
        if ("http".equalsIgnoreCase(scheme)) {
            throw new InvalidInputException(field + " must use https (got http://" + host + ":" + port + ")");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidInputException(field + ": the host " + host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            String why = AddressGuard.blockedReason(a);
            if (why != null) {
                throw new InvalidInputException(field + ": the host " + host + " resolves to a non-public address ("
                        + a.getHostAddress() + ", " + why + "); writers only reach public hosts");
            }
        }
    }
}
