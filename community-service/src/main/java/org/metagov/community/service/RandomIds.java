package org.metagov.community.service;

import java.security.SecureRandom;

/**
 * Random positive ids below 2^53 (exact in every JSON reader), drawn from a cryptographic source so they cannot be
 * guessed from one another: identities' external ids and plugin instances' numbers.
 */
final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    /** A plugin instance's hook slug: 20 random characters of [a-z0-9], so hook URLs cannot be guessed. */
    static String hookSlug() {
        StringBuilder slug = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            slug.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return slug.toString();
    }

    /** 1 .. 2^53 - 1. */
    static long next() {
        return 1 + (RANDOM.nextLong() >>> 11) % IdentityInput.MAX_ID;
    }
}
