package org.metagov.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The verified driver, as the gateway passes it to community-service and process-service in {@value #NAME}:
 * {@code v1.<base64url driver id>.<0|1 admin>.<epoch seconds>.<base64url HMAC-SHA256 of everything before>}, keyed
 * with the deployment's internal key ({@code METAGOV_INTERNAL_KEY}). The timestamp bounds a replay of a header seen
 * in a log to {@link #MAX_AGE}; only a holder of the key can make one.
 */
public final class CallerHeader {

    public static final String NAME = "X-Metagov-Driver";
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final String VERSION = "v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final Clock clock;

    public CallerHeader(String key, Clock clock) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("The internal key is empty");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    public CallerHeader(String key) {
        this(key, Clock.systemUTC());
    }

    public String sign(Caller caller) {
        String unsigned = VERSION + "." + B64.encodeToString(caller.driverId().getBytes(StandardCharsets.UTF_8)) + "."
                + (caller.admin() ? "1" : "0") + "." + clock.instant().getEpochSecond();
        return unsigned + "." + B64.encodeToString(mac(unsigned));
    }

    /** The caller a header names, when its HMAC is right and it is recent; empty for anything else. */
    public Optional<Caller> verify(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.split("\\.", -1);
        if (parts.length != 5 || !parts[0].equals(VERSION) || !(parts[2].equals("0") || parts[2].equals("1"))) {
            return Optional.empty();
        }
        int lastDot = header.lastIndexOf('.');
        try {
            byte[] given = Base64.getUrlDecoder().decode(parts[4]);
            if (!MessageDigest.isEqual(given, mac(header.substring(0, lastDot)))) {
                return Optional.empty();
            }
            long age = clock.instant().getEpochSecond() - Long.parseLong(parts[3]);
            if (Math.abs(age) > MAX_AGE.toSeconds()) {
                return Optional.empty();
            }
            String id = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            return id.isEmpty() ? Optional.empty() : Optional.of(new Caller(id, parts[2].equals("1")));
        } catch (IllegalArgumentException e) { // bad base64 or number
            return Optional.empty();
        }
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
