package org.metagov.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses a URL supplied by a caller (instance config such as {@code sourcecred.server_url}, a process's
 * {@code callback_url}) may reach, so a caller cannot make a service call internal hosts: cloud metadata, the
 * database, other services, or map which internal ports are open. Public addresses are allowed; loopback and private
 * ones only when the operator allows them; link-local (169.254/16 with the metadata service, fe80::/10), multicast,
 * unspecified (0.0.0.0/8, ::) and reserved ones never, unless inside an allowed network. A host is refused when any
 * of its addresses is. URLs the operator sets are trusted and do not come here.
 */
public final class AddressPolicy {

    /** What an address is, for the policy and for the refusal's text. */
    public enum Kind {
        PUBLIC("a public"), LOOPBACK("a loopback"), PRIVATE("a private"), LINK_LOCAL("a link-local"),
        MULTICAST("a multicast"), UNSPECIFIED("an unspecified"), RESERVED("a reserved");

        private final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    /** Resolves a host name; a seam for tests (names that resolve to chosen addresses). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowLoopback;
    private final boolean allowPrivate;
    private final List<Cidr> allowedNetworks;
    private final Resolver resolver;

    public AddressPolicy(boolean allowLoopback, boolean allowPrivate, List<Cidr> allowedNetworks, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.resolver = resolver;
    }

    public AddressPolicy(boolean allowLoopback, boolean allowPrivate, List<Cidr> allowedNetworks) {
        this(allowLoopback, allowPrivate, allowedNetworks, InetAddress::getAllByName);
    }

    /** Public addresses only: the default. */
    public static AddressPolicy strict() {
        return new AddressPolicy(false, false, List.of());
    }

    /**
     * From the settings ({@code METAGOV_OUTBOUND_ALLOW_LOOPBACK}, {@code _ALLOW_PRIVATE}, {@code _ALLOWED_NETWORKS}).
     *
     * @throws IllegalArgumentException for a network that cannot be read, so a bad setting stops the start
     */
    public static AddressPolicy of(boolean allowLoopback, boolean allowPrivate, List<String> allowedNetworks) {
        return new AddressPolicy(allowLoopback, allowPrivate, allowedNetworks.stream().map(String::trim)
                .filter(s -> !s.isEmpty()).map(Cidr::parse).toList());
    }

    public static Kind classify(InetAddress raw) {
        InetAddress address = unmapped(raw);
        byte[] b = address.getAddress();
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && b[0] == 0)) {
            return Kind.UNSPECIFIED;
        }
        if (address.isLoopbackAddress()) {
            return Kind.LOOPBACK;
        }
        if (address.isLinkLocalAddress()) {
            return Kind.LINK_LOCAL; // includes 169.254.169.254, the cloud metadata service
        }
        if (address.isMulticastAddress()) {
            return Kind.MULTICAST;
        }
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first >= 240) {
                return Kind.RESERVED; // 240/4 and the broadcast address
            }
            if (address.isSiteLocalAddress() || (first == 100 && (second & 0xc0) == 64)
                    || (first == 198 && (second & 0xfe) == 18)) {
                return Kind.PRIVATE; // RFC 1918, 100.64/10 (carrier-grade NAT, internal in clouds), 198.18/15
            }
            return Kind.PUBLIC;
        }
        if ((b[0] & 0xfe) == 0xfc || address.isSiteLocalAddress()) {
            return Kind.PRIVATE; // unique local fc00::/7, deprecated site-local fec0::/10
        }
        return Kind.PUBLIC;
    }

    /** The refusal of one address, or null when it may be reached. */
    public String refusal(InetAddress address) {
        for (Cidr network : allowedNetworks) {
            if (network.contains(address)) {
                return null;
            }
        }
        Kind kind = classify(address);
        boolean allowed = switch (kind) {
            case PUBLIC -> true;
            case LOOPBACK -> allowLoopback;
            case PRIVATE -> allowPrivate;
            default -> false;
        };
        return allowed ? null : kind.text + " address";
    }

    /**
     * Why a caller's URL would be refused, or empty when it may be called: for checking a URL when it is given (a
     * 400 then), before it is used. Blocking (DNS).
     */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("The URL is not valid");
        }
        try {
            check(uri, false);
            return Optional.empty();
        } catch (OutboundException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Checks a URL and resolves its host once.
     *
     * @param trusted set by the operator: only the form is checked, not the addresses
     * @return the address to connect to (the first the host resolved to; all of them were checked)
     * @throws OutboundException a refusal that names the host and the kind of address, never the address a name
     *         resolved to (which would tell a caller about internal DNS) nor anything about ports
     */
    public Target check(URI uri, boolean trusted) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundException(OutboundException.Kind.INVALID_URL, "The URL must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new OutboundException(OutboundException.Kind.INVALID_URL, "The URL must not carry credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new OutboundException(OutboundException.Kind.INVALID_URL, "The URL has no host");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (trusted) {
            return new Target(uri, scheme, bare, port, null); // the client connects by name, as configured
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            addresses = new InetAddress[0];
        }
        if (addresses.length == 0) {
            throw new OutboundException(OutboundException.Kind.UNREACHABLE, "Host '" + bare + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            String why = refusal(address);
            if (why != null) {
                boolean literal = bare.contains(":") || bare.chars().allMatch(c -> c == '.' || Character.isDigit(c));
                throw new OutboundException(OutboundException.Kind.REFUSED, "Host '" + bare + "' "
                        + (literal ? "is " : "resolves to ") + why + ", which is not allowed");
            }
        }
        return new Target(uri, scheme, bare, port, addresses[0]);
    }

    /** A checked URL; {@code address} is the one to connect to, null for a trusted URL (connected to by name). */
    public record Target(URI uri, String scheme, String host, int port, InetAddress address) {
    }

    /** An IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d) IPv6 address as the IPv4 address it is. */
    static InetAddress unmapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return address;
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1);
        if (!mapped && !compatible) {
            return address; // :: and ::1 stay IPv6
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
