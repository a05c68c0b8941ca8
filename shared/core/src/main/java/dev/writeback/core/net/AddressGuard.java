package dev.writeback.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether the platform may send a request to a URL chosen by a connector author or a
 * script: https only, and only to public internet addresses — never loopback, private, link-local
 * (cloud metadata), unspecified, multicast, reserved, or IPv6 forms that embed such an IPv4
 * address (NAT64, 6to4, IPv4-compatible/-mapped). Named {@code host:port} internal targets are
 * exempt; they exist for local mode and tests.
 */
public final class AddressGuard {
    private final Set<String> internalTargets;

    private AddressGuard(Set<String> internalTargets) {
        this.internalTargets = internalTargets.stream().map(t -> t.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public static AddressGuard publicInternetOnly() {
        return new AddressGuard(Set.of());
    }

    /** The same guard, with these {@code host:port} targets allowed over http and on internal addresses. */
    public AddressGuard allowing(Set<String> targets) {
        return new AddressGuard(targets);
    }

    public boolean isInternalTarget(String host, int port) {
        return host != null && internalTargets.contains(host.toLowerCase(Locale.ROOT) + ":" + port);
    }

    /** Why a request to {@code uri} is refused, or null when it may be sent. Resolves the host. */
    public String refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "only absolute http(s) URLs can be called";
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (isInternalTarget(host, port)) {
            return null;
        }
        if (scheme.equals("http")) {
            return "URLs must use https";
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return "the host '" + host + "' cannot be resolved";
        }
        for (InetAddress a : addresses) {
            String why = blockedReason(a);
            if (why != null) {
                return host + " resolves to " + a.getHostAddress() + ", " + why
                        + "; only public internet addresses can be called";
            }
        }
        return null;
    }

    /** Why an address is not public, or null when it is. */
    public static String blockedReason(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            InetAddress embedded = embeddedIpv4(b);
            if (embedded != null) {
                String why = blockedReason(embedded);
                return why == null ? null : "an IPv6 form of " + embedded.getHostAddress() + ", " + why;
            }
            if (a.isAnyLocalAddress()) {
                return "an unspecified address";
            }
            if (a.isLoopbackAddress()) {
                return "a loopback address";
            }
            if (a.isLinkLocalAddress()) {
                return "a link-local (cloud metadata) address";
            }
            if (a.isMulticastAddress()) {
                return "a multicast address";
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "a private (unique local) network address";
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return "a site-local address";
            }
            return null;
        }
        byte[] b = a.getAddress();
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return "an unspecified address";
        }
        if (first == 127) {
            return "a loopback address";
        }
        if (first == 169 && second == 254) {
            return "a link-local (cloud metadata) address";
        }
        if (first == 10 || (first == 172 && second >= 16 && second < 32) || (first == 192 && second == 168)) {
            return "a private network address";
        }
        if (first == 100 && second >= 64 && second < 128) {
            return "a shared (carrier-grade NAT) network address";
        }
        if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
            return "an IETF protocol assignment address";
        }
        if (first == 198 && (second == 18 || second == 19)) {
            return "a benchmarking network address";
        }
        if (first >= 224) {
            return first < 240 ? "a multicast address" : "a reserved address";
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static InetAddress embeddedIpv4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        try {
            if (mapped || compatible || nat64) {
                return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return Inet4Address.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
            }
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        return null;
    }
}
