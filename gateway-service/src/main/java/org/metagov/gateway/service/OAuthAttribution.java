package org.metagov.gateway.service;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.metagov.events.CommunityState;
import org.metagov.events.DriverAccount;
import org.metagov.gateway.config.AuthConfig;
import org.metagov.gateway.messaging.CommunityDirectory;
import org.metagov.gateway.messaging.DriverDirectory;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;

/**
 * Which driver an OAuth start ({@code /auth/{plugin}/authorize}, a browser navigation without a token) is for
 * (issue 13): the driver whose registered redirect-URI prefixes match its {@code redirect_uri} (the driver
 * {@code local}: {@code METAGOV_LOCAL_REDIRECT_URIS}, by default any http URI on localhost or 127.0.0.1). Call
 * {@link #attribute} before storing anything: no match is a 400, a community that is not that driver's a 404 (as
 * for an unknown one). The longest matching prefix wins; two drivers with the same longest prefix are a 400.
 */
@ApplicationScoped
public class OAuthAttribution {

    /** The driver an OAuth start is for, and its community (null when the start named none). */
    public record Attribution(String driverId, String community) {
    }

    private final DriverDirectory drivers;
    private final CommunityDirectory communities;
    private final Optional<List<String>> localPrefixes;

    public OAuthAttribution(DriverDirectory drivers, CommunityDirectory communities, AuthConfig config) {
        this.drivers = drivers;
        this.communities = communities;
        this.localPrefixes = config.localRedirectUris().map(list -> list.stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList()).filter(list -> !list.isEmpty());
    }

    /**
     * The driver and community of an OAuth start; fails with a 400 (no or a bad {@code redirect_uri}, no driver
     * registered it, or two did) or a 404 (the community does not exist or is another driver's).
     */
    public Attribution attribute(String redirectUri, String community) {
        URI uri = parse(redirectUri);
        String driver = driverOf(redirectUri, uri);
        if (community != null) {
            boolean ours = communities.find(community).map(CommunityState::owner).map(driver::equals).orElse(false);
            if (!ours) {
                throw ApiException.notFound("Community '" + community + "' does not exist");
            }
        }
        return new Attribution(driver, community);
    }

    private String driverOf(String redirectUri, URI uri) {
        int best = -1;
        List<String> winners = new ArrayList<>();
        for (DriverAccount account : drivers.values()) {
            for (String prefix : account.redirectUris() == null ? List.<String>of() : account.redirectUris()) {
                if (matches(redirectUri, prefix) && prefix.length() >= best) {
                    if (prefix.length() > best) {
                        winners.clear();
                        best = prefix.length();
                    }
                    if (!winners.contains(account.id())) {
                        winners.add(account.id());
                    }
                }
            }
        }
        for (String prefix : localPrefixes.orElse(List.of())) {
            if (matches(redirectUri, prefix) && prefix.length() >= best) {
                if (prefix.length() > best) {
                    winners.clear();
                    best = prefix.length();
                }
                winners.add(Caller.LOCAL);
            }
        }
        if (winners.isEmpty() && localPrefixes.isEmpty() && isLocalhost(uri)) {
            return Caller.LOCAL;
        }
        if (winners.size() > 1) {
            throw ApiException.badRequest("redirect_uri matches the redirect URIs of several drivers " + winners
                    + "; an administrator must make them distinct");
        }
        if (winners.isEmpty()) {
            throw ApiException.badRequest("redirect_uri '" + redirectUri + "' is not registered by any driver "
                    + "(a driver account's redirect_uris)", List.of("redirect_uri"));
        }
        return winners.get(0);
    }

    /**
     * A prefix matches at a boundary only: {@code https://a.example/cb} takes {@code https://a.example/cb/x} and
     * {@code https://a.example/cb?x}, not {@code https://a.example/cbx}; {@code https://a.example} never takes
     * {@code https://a.example.evil.test}.
     */
    static boolean matches(String uri, String prefix) {
        if (prefix.isEmpty() || !uri.startsWith(prefix)) {
            return false;
        }
        if (uri.length() == prefix.length() || prefix.endsWith("/")) {
            return true;
        }
        char next = uri.charAt(prefix.length());
        return next == '/' || next == '?' || next == '#';
    }

    private static boolean isLocalhost(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return "http".equalsIgnoreCase(uri.getScheme()) && uri.getRawUserInfo() == null
                && (host.equals("localhost") || host.equals("127.0.0.1"));
    }

    private static URI parse(String redirectUri) {
        if (redirectUri == null || redirectUri.isBlank()) {
            throw ApiException.badRequest("Missing query parameter 'redirect_uri'", List.of("redirect_uri"));
        }
        try {
            URI uri = new URI(redirectUri);
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new java.net.URISyntaxException(redirectUri, "not an absolute http(s) URI");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw ApiException.badRequest("redirect_uri must be an absolute http(s) URI", List.of("redirect_uri"));
        }
    }
}
