package dev.writeback.core.net;

import dev.writeback.core.error.InvalidInputException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether the platform may send a request to a host chosen by a connector author or a
 * script (scripts' {@code httprequest}, the built-in writers, OAuth token requests): https only,
 * and only to public internet addresses — never loopback, private, link-local (cloud metadata),
 * unspecified, multicast, reserved, or IPv6 forms that embed such an IPv4 address (NAT64, 6to4,
 * IPv4-compatible/-mapped). Named {@code host:port} internal targets are exempt from both rules;
 * they exist for local mode and tests. Each caller words a {@link Refusal} for its own users.
 *
 * <p>A name is resolved once, through the guard's {@link Resolver}, and every address it answers is checked;
 * {@link #admit} returns those addresses and the caller connects to them and to nothing else, keeping the host
 * name for TLS (SNI, certificate) and the {@code Host} header. Resolving again to connect would let a name that
 * answers a public address to the check and an internal one to the connection (DNS rebinding) through.
 */
public final class AddressGuard {
    private final Set<String> internalTargets;
    private final boolean httpsOnly;
    private final Resolver resolver;

    private AddressGuard(Set<String> internalTargets, boolean httpsOnly, Resolver resolver) {
        this.internalTargets = internalTargets == null ? Set.of() : internalTargets.stream()
                .map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.httpsOnly = httpsOnly;
        this.resolver = resolver;
    }

    /** https only, public addresses only, no internal targets, the system's resolver. */
    public static AddressGuard publicInternetOnly() {
        return new AddressGuard(Set.of(), true, Resolver.SYSTEM);
    }

    /** Turns a host name (or an IP literal) into its addresses. */
    @FunctionalInterface
    public interface Resolver {
        /** The JVM's resolver. */
        Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

        /** Every address of {@code host}; throws when it has none. */
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The same guard, resolving names with {@code r}. */
    public AddressGuard resolvingWith(Resolver r) {
        return new AddressGuard(internalTargets, httpsOnly, r);
    }

    /**
     * The same guard, with these {@code host:port} targets (as written in URLs, e.g. {@code 127.0.0.1:8080}
     * or {@code [::1]:8080}) allowed over http and on internal addresses, in place of any named before.
     */
    public AddressGuard allowing(Set<String> targets) {
        return new AddressGuard(targets, httpsOnly, resolver);
    }

    /** The same guard, refusing plain {@code http://} (the default) or not. */
    public AddressGuard withHttpsOnly(boolean only) {
        return new AddressGuard(internalTargets, only, resolver);
    }

    public Set<String> internalTargets() {
        return internalTargets;
    }

    public boolean httpsOnly() {
        return httpsOnly;
    }

    /** Whether {@code host:port} is a named internal target: case-insensitive, an IPv6 host with or without brackets. */
    public boolean isInternalTarget(String host, int port) {
        if (host == null) {
            return false;
        }
        String h = unbracketed(host.toLowerCase(Locale.ROOT));
        return internalTargets.contains(h + ":" + port) || internalTargets.contains("[" + h + "]:" + port);
    }

    /**
     * Checks a URL a user saves for the platform to call later (OAuth endpoints, alert webhooks): absolute https (plain
     * http only to a named internal target), on a host that is not a literal or resolved internal address. A name
     * that does not resolve now is accepted (DNS may be down, or the record not yet published); the guard checks it
     * again at every call.
     *
     * @param what what such URLs are, for the message (e.g. "webhooks")
     * @throws InvalidInputException naming {@code field} when the URL may not be called
     */
    public void requireCallableUrl(String field, String value, String what) {
        URI u;
        try {
            u = new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(field + " is not a valid URL: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("http") ? 80 : 443;
        boolean internalTarget = u.getHost() != null && isInternalTarget(u.getHost(), port);
        if (u.getHost() == null || !scheme.equals("https") && !(scheme.equals("http") && internalTarget)) {
            throw new InvalidInputException(field + " must be an absolute https URL; got '" + value + "'.");
        }
        Refusal refusal = check(u);
        if (refusal != null && refusal.reason() == Reason.NOT_PUBLIC) {
            throw new InvalidInputException(field + " points to " + refusal.host()
                    + (refusal.host().equals(refusal.address()) ? "" : ", which resolves to " + refusal.address())
                    + ", " + refusal.why() + "; " + what + " must be on public internet hosts.");
        }
    }

    /** What {@link #admit} decided: the addresses to connect to, or why not. */
    public sealed interface Decision permits Admitted, Refusal {
    }

    /** The connection may be made, to these addresses only (resolved once, each checked) and {@code port}. */
    public record Admitted(String host, int port, List<InetAddress> addresses) implements Decision {
        public Admitted {
            addresses = List.copyOf(addresses);
        }
    }

    /** Why a request is refused: the rule it breaks, the host as given, and for {@code NOT_PUBLIC} the address and why. */
    public record Refusal(Reason reason, String host, String address, String why) implements Decision {
    }

    public enum Reason {
        /** not an absolute http(s) URL */
        NOT_HTTP,
        /** plain http to a host that is not a named internal target */
        HTTPS_REQUIRED,
        /** the host name does not resolve */
        UNRESOLVED,
        /** the host resolves to an address that is not public */
        NOT_PUBLIC
    }

    /** Checks an http(s) URL: its scheme, then {@link #check(String, String, int)} on its host and (default) port. */
    public Refusal check(URI uri) {
        return admit(uri) instanceof Refusal r ? r : null;
    }

    /**
     * Checks a connection to {@code host:port} over {@code scheme} (http, https, or another protocol such as sftp,
     * which only the address rule applies to), or null when it may be made. Resolves the host.
     */
    public Refusal check(String scheme, String host, int port) {
        if (isInternalTarget(host, port)) {
            return null;
        }
        return admit(scheme, host, port) instanceof Refusal r ? r : null;
    }

    /** {@link #admit(String, String, int)} for an http(s) URL and its (default) port. */
    public Decision admit(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return new Refusal(Reason.NOT_HTTP, host, null, null);
        }
        return admit(scheme, host, uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80);
    }

    /**
     * Resolves {@code host} once and checks the connection and every address: the addresses to connect to, or the
     * refusal. A named internal target is resolved the same way (its addresses are the ones to connect to) but not
     * checked.
     */
    public Decision admit(String scheme, String host, int port) {
        boolean namedTarget = isInternalTarget(host, port);
        if (!namedTarget && httpsOnly && "http".equalsIgnoreCase(scheme)) {
            return new Refusal(Reason.HTTPS_REQUIRED, host, null, null);
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(unbracketed(host));
        } catch (UnknownHostException e) {
            return new Refusal(Reason.UNRESOLVED, host, null, null);
        }
        if (addresses == null || addresses.isEmpty()) {
            return new Refusal(Reason.UNRESOLVED, host, null, null);
        }
        if (!namedTarget) {
            for (InetAddress a : addresses) {
                String why = blockedReason(a);
                if (why != null) {
                    return new Refusal(Reason.NOT_PUBLIC, host, a.getHostAddress(), why);
                }
            }
        }
        return new Admitted(host, port, addresses);
    }

    /** Why a request to {@code uri} is refused, or null when it may be sent. Resolves the host. */
    public String refusal(URI uri) {
        Refusal r = check(uri);
        return r == null ? null : explain(r);
    }

    /** The refusal in words, e.g. "URLs must use https". */
    public static String explain(Refusal r) {
        return switch (r.reason()) {
            case NOT_HTTP -> "only absolute http(s) URLs can be called";
            case HTTPS_REQUIRED -> "URLs must use https";
            case UNRESOLVED -> "the host '" + r.host() + "' cannot be resolved";
            case NOT_PUBLIC -> r.host() + " resolves to " + r.address() + ", " + r.why()
                    + "; only public internet addresses can be called";
        };
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
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
