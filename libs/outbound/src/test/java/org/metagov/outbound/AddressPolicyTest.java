package org.metagov.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.metagov.outbound.AddressPolicy.Kind;

class AddressPolicyTest {

    private final AddressPolicy strict = AddressPolicy.strict();

    @Test
    void classifiesIpv4Addresses() throws Exception {
        assertKind(Kind.PUBLIC, "93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1");
        assertKind(Kind.LOOPBACK, "127.0.0.1", "127.255.3.4");
        assertKind(Kind.PRIVATE, "10.1.2.3", "172.16.0.9", "172.31.255.1", "192.168.0.1", "100.64.0.1", "198.18.0.1");
        assertKind(Kind.LINK_LOCAL, "169.254.169.254", "169.254.0.1");
        assertKind(Kind.MULTICAST, "224.0.0.1", "239.255.255.250");
        assertKind(Kind.UNSPECIFIED, "0.0.0.0", "0.1.2.3");
        assertKind(Kind.RESERVED, "240.0.0.1", "255.255.255.255");
    }

    @Test
    void classifiesIpv6Addresses() throws Exception {
        assertKind(Kind.PUBLIC, "2606:4700:4700::1111");
        assertKind(Kind.LOOPBACK, "::1");
        assertKind(Kind.PRIVATE, "fc00::5", "fd12:3456::1", "fec0::1");
        assertKind(Kind.LINK_LOCAL, "fe80::1");
        assertKind(Kind.MULTICAST, "ff02::1");
        assertKind(Kind.UNSPECIFIED, "::");
    }

    @Test
    void ipv4MappedIpv6AddressesAreJudgedAsTheIpv4AddressTheyCarry() throws Exception {
        // built as Inet6Address explicitly: InetAddress.getByName would already turn them into IPv4
        assertEquals(Kind.LOOPBACK, AddressPolicy.classify(mapped(127, 0, 0, 1)));
        assertEquals(Kind.PRIVATE, AddressPolicy.classify(mapped(10, 0, 0, 1)));
        assertEquals(Kind.LINK_LOCAL, AddressPolicy.classify(mapped(169, 254, 169, 254)));
        assertEquals(Kind.PUBLIC, AddressPolicy.classify(mapped(93, 184, 215, 14)));
        assertRefused(strict, "http://[::ffff:127.0.0.1]:8082/q/health", "loopback");
        assertRefused(strict, "http://[::ffff:7f00:1]/", "loopback");
    }

    @Test
    void byDefaultOnlyPublicAddressesMayBeCalled() {
        assertEquals(Optional.empty(), strict.refusal("https://93.184.215.14/receive-outcome/4"));
        assertRefused(strict, "http://127.0.0.1:3000/cb", "is a loopback address, which is not allowed");
        assertRefused(strict, "http://[::1]:3000/cb", "loopback");
        assertRefused(strict, "http://localhost:3000/cb", "resolves to a loopback address");
        assertRefused(strict, "http://169.254.169.254/latest/meta-data", "link-local");
        assertRefused(strict, "http://[fe80::1]/cb", "link-local");
        assertRefused(strict, "http://10.1.2.3/cb", "private");
        assertRefused(strict, "http://[fd00::1]/cb", "private");
        assertRefused(strict, "http://0.0.0.0:8083/x", "unspecified");
        assertRefused(strict, "http://224.0.0.1/cb", "multicast");
    }

    @Test
    void loopbackAndPrivateNetworksCanBeAllowed() {
        AddressPolicy local = AddressPolicy.of(true, false, List.of());
        assertEquals(Optional.empty(), local.refusal("http://127.0.0.1:3000/cb"));
        assertEquals(Optional.empty(), local.refusal("http://localhost:3000/cb"));
        assertRefused(local, "http://10.1.2.3/cb", "private");
        assertRefused(local, "http://169.254.169.254/", "link-local");
        assertEquals(Optional.empty(), AddressPolicy.of(false, true, List.of()).refusal("http://10.1.2.3/cb"));
        assertEquals(Optional.empty(), AddressPolicy.of(false, true, List.of()).refusal("http://[fd00::1]/cb"));
    }

    @Test
    void allowedNetworksOpenExactlyTheirAddresses() {
        AddressPolicy policy = AddressPolicy.of(false, false, List.of("10.20.0.0/16", " fd00:1::/32", "192.168.7.7"));
        assertEquals(Optional.empty(), policy.refusal("http://10.20.3.4/x"));
        assertEquals(Optional.empty(), policy.refusal("http://[fd00:1:ffff::9]/x"));
        assertEquals(Optional.empty(), policy.refusal("http://192.168.7.7/x"));
        assertRefused(policy, "http://10.21.0.1/x", "private");
        assertRefused(policy, "http://192.168.7.8/x", "private");
        assertRefused(policy, "http://127.0.0.1/x", "loopback");
        assertTrue(Cidr.parse("10.0.0.0/9").contains(address("10.127.255.255")));
        assertFalse(Cidr.parse("10.0.0.0/9").contains(address("10.128.0.0")));
    }

    @Test
    void aNetworkThatCannotBeReadStopsTheStart() {
        for (String bad : List.of("10.0.0.0/33", "10.0.0.0/x", "example.com/8", "fd00::/129", "abc")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AddressPolicy.of(false, false, List.of(bad)), bad);
            assertTrue(e.getMessage().startsWith("'" + bad + "' "), e.getMessage()); // names what to fix
        }
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsAndTheAddressIsNotTold() throws Exception {
        Map<String, InetAddress[]> dns = Map.of("mixed.test",
                new InetAddress[] {address("93.184.215.14"), address("10.0.0.5")});
        AddressPolicy policy = new AddressPolicy(false, false, List.of(), host -> dns.get(host));

        Optional<String> refusal = policy.refusal("http://mixed.test/x");

        assertEquals(Optional.of("Host 'mixed.test' resolves to a private address, which is not allowed"), refusal);
    }

    @Test
    void onlyHttpUrlsWithAHostAndNoCredentials() {
        assertRefused(strict, "ftp://93.184.215.14/x", "http or https");
        assertRefused(strict, "file:///etc/passwd", "http or https");
        assertRefused(strict, "http:///nohost", "no host");
        assertRefused(strict, "http://user:pw@93.184.215.14/x", "credentials");
        assertRefused(strict, "not a url", "not valid");
        assertRefused(strict, "http://no-such-host.invalid/x", "does not resolve");
    }

    @Test
    void trustedUrlsAreNotResolvedNorChecked() {
        AddressPolicy.Target target = strict.check(URI.create("http://127.0.0.1:8081/x"), true);
        assertEquals(null, target.address());
        assertEquals(8081, target.port());
    }

    private static void assertKind(Kind kind, String... literals) throws Exception {
        for (String literal : literals) {
            assertEquals(kind, AddressPolicy.classify(address(literal)), literal);
        }
    }

    private static void assertRefused(AddressPolicy policy, String url, String why) {
        Optional<String> refusal = policy.refusal(url);
        assertTrue(refusal.isPresent() && refusal.get().contains(why), url + " -> " + refusal);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress mapped(int a, int b, int c, int d) throws Exception {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        return Inet6Address.getByAddress(null, bytes, 0);
    }
}
