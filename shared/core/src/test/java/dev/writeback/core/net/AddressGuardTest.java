package dev.writeback.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.writeback.core.testing.RebindingResolver;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressGuardTest {
    private final AddressGuard guard = AddressGuard.publicInternetOnly();

    private static String why(String literal) throws Exception {
        return AddressGuard.blockedReason(InetAddress.getByName(literal));
    }

    @Test
    void internalAddressesAreRefusedWithTheReason() throws Exception {
        assertEquals("a loopback address", why("127.0.0.1"));
        assertEquals("a link-local (cloud metadata) address", why("169.254.169.254"));
        assertEquals("a private network address", why("10.0.0.1"));
        assertEquals("a private network address", why("172.20.1.1"));
        assertEquals("a private network address", why("192.168.1.1"));
        assertEquals("a shared (carrier-grade NAT) network address", why("100.64.0.1"));
        assertEquals("an unspecified address", why("0.0.0.0"));
        assertEquals("a benchmarking network address", why("198.18.0.1"));
        assertEquals("a reserved address", why("255.255.255.255"));
        assertEquals("a loopback address", why("::1"));
        assertEquals("a private (unique local) network address", why("fd00:ec2::254"));
        assertEquals("a link-local (cloud metadata) address", why("fe80::1"));
    }

    @Test
    void ipv6FormsThatEmbedAnInternalIpv4AddressAreRefused() throws Exception {
        assertEquals("a loopback address", why("::ffff:127.0.0.1"), "mapped addresses become IPv4 in Java");
        assertEquals("an IPv6 form of 169.254.169.254, a link-local (cloud metadata) address", why("64:ff9b::a9fe:a9fe"));
        assertEquals("an IPv6 form of 10.0.0.1, a private network address", why("2002:0a00:0001::1"));
        assertEquals("an IPv6 form of 192.168.0.1, a private network address", why("::c0a8:1"));
    }

    @Test
    void publicAddressesPass() throws Exception {
        assertNull(why("93.184.216.34"));
        assertNull(why("2606:2800:220:1:248:1893:25c8:1946"));
        assertNull(why("64:ff9b::5db8:d822"), "NAT64 of a public address");
    }

    @Test
    void urlsMustBeHttpsUnlessANamedInternalTargetIsAllowed() {
        assertEquals("URLs must use https", guard.refusal(URI.create("http://93.184.216.34/token")));
        assertEquals("only absolute http(s) URLs can be called", guard.refusal(URI.create("file:///etc/passwd")));
        assertEquals("127.0.0.1 resolves to 127.0.0.1, a loopback address; only public internet addresses can be called",
                guard.refusal(URI.create("https://127.0.0.1:8443/token")));
        AddressGuard local = guard.allowing(Set.of("127.0.0.1:8443"));
        assertNull(local.refusal(URI.create("http://127.0.0.1:8443/token")));
        assertEquals("URLs must use https", local.refusal(URI.create("http://127.0.0.1:8444/token")));
    }

    @Test
    void internalTargetsMatchCaseInsensitivelyAndIpv6WithOrWithoutBrackets() {
        AddressGuard local = guard.allowing(Set.of("LocalHost:9000", "[::1]:9001"));
        assertNull(local.check("http", "localhost", 9000));
        assertNull(local.check("http", "::1", 9001));
        assertNull(local.check(URI.create("http://[::1]:9001/x")));
        assertEquals(AddressGuard.Reason.NOT_PUBLIC, local.check("sftp", "127.0.0.1", 22).reason());
        assertEquals(AddressGuard.Reason.HTTPS_REQUIRED, local.check("http", "localhost", 9002).reason());
        assertNull(guard.withHttpsOnly(false).allowing(Set.of("127.0.0.1:1")).check("http", "127.0.0.1", 1));
    }

    @Test
    void aNameIsResolvedOnceAndTheCheckedAddressesAreTheOnesToConnectTo() throws Exception {
        RebindingResolver rebinding = new RebindingResolver("api.example.com", "93.184.216.34", "169.254.169.254");
        AddressGuard pinned = guard.resolvingWith(rebinding);

        AddressGuard.Decision first = pinned.admit(URI.create("https://api.example.com/v1"));

        assertEquals(new AddressGuard.Admitted("api.example.com", 443, List.of(InetAddress.getByName("93.184.216.34"))), first);
        assertEquals(1, rebinding.lookups(), "one lookup: the addresses it answered are the ones checked and returned");
        assertEquals(new AddressGuard.Refusal(AddressGuard.Reason.NOT_PUBLIC, "api.example.com", "169.254.169.254",
                "a link-local (cloud metadata) address"), pinned.admit(URI.create("https://api.example.com/v1")),
                "the second answer, internal, is refused when it is checked");
    }

    @Test
    void everyAddressOfANameIsCheckedNotOnlyTheFirst() throws Exception {
        AddressGuard.Resolver mixed = host -> List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.2.3"));
        assertEquals(AddressGuard.Reason.NOT_PUBLIC, ((AddressGuard.Refusal) guard.resolvingWith(mixed)
                .admit("https", "mixed.example.com", 443)).reason());
        assertEquals(AddressGuard.Reason.UNRESOLVED, ((AddressGuard.Refusal) guard.resolvingWith(host -> List.of())
                .admit("https", "nothing.example.com", 443)).reason());
    }

    @Test
    void aNamedInternalTargetIsResolvedOnceAndAdmittedUnchecked() throws Exception {
        RebindingResolver files = new RebindingResolver("files.test", "127.0.0.1");
        AddressGuard local = guard.allowing(Set.of("files.test:8080")).resolvingWith(files);
        assertEquals(new AddressGuard.Admitted("files.test", 8080, List.of(InetAddress.getByName("127.0.0.1"))),
                local.admit("http", "files.test", 8080));
        assertEquals(1, files.lookups());
        assertEquals(AddressGuard.Reason.NOT_PUBLIC, ((AddressGuard.Refusal) local.admit("https", "files.test", 8081)).reason(),
                "only on the named port");
    }
}
