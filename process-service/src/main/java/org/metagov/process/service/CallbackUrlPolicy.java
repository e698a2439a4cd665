package org.metagov.process.service;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.metagov.process.config.ProcessConfig;

/**
 * Decides whether process-service may POST to a callback_url, so a driver cannot make it call internal hosts
 * (cloud metadata, the database, other services). Checked on every address the host resolves to, at POST time
 * and again before each send (a name may resolve differently later). Blocking (DNS): call on a worker thread.
 */
@ApplicationScoped
public class CallbackUrlPolicy {

    private final boolean allowLoopback;
    private final boolean allowPrivate;

    @Inject
    public CallbackUrlPolicy(ProcessConfig config) {
        this(config.callbacks().allowLoopback(), config.callbacks().allowPrivate());
    }

    CallbackUrlPolicy(boolean allowLoopback, boolean allowPrivate) {
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
    }

    /** Why the URL is refused, or empty when it may be called. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("callback_url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("callback_url must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("callback_url has no host");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("callback_url must not carry credentials");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("callback_url host '" + uri.getHost() + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> why = refusal(address);
            if (why.isPresent()) {
                return Optional.of("callback_url host '" + uri.getHost() + "' resolves to " + why.get()
                        + " address " + address.getHostAddress() + ", which is not allowed");
            }
        }
        return Optional.empty();
    }

    Optional<String> refusal(InetAddress address) {
        if (address.isAnyLocalAddress() || isZeroNetwork(address)) {
            return Optional.of("an unspecified");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local"); // includes 169.254.169.254, the cloud metadata service
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast");
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of("a loopback");
        }
        if (address.isSiteLocalAddress() || isSharedOrUniqueLocal(address)) {
            return allowPrivate ? Optional.empty() : Optional.of("a private");
        }
        return Optional.empty();
    }

    private static boolean isZeroNetwork(InetAddress address) {
        return address instanceof Inet4Address && address.getAddress()[0] == 0;
    }

    /** 100.64.0.0/10 (carrier-grade NAT, often internal in clouds) and IPv6 unique local fc00::/7. */
    private static boolean isSharedOrUniqueLocal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        }
        return address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    }
}
