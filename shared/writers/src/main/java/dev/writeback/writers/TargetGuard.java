package dev.writeback.writers;

import dev.writeback.core.error.InvalidInputException;
import java.net.Inet6Address;
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
            if (!isPublic(a)) {
                throw new InvalidInputException(field + ": the host " + host + " resolves to a non-public address ("
                        + a.getHostAddress() + "); writers only reach public hosts");
            }
        }
    }

    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // fc00::/7 unique local
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first != 0 && !(first == 100 && second >= 64 && second < 128); // 0/8, 100.64/10 (carrier-grade NAT)
    }
}
