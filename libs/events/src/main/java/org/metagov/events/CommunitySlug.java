package org.metagov.events;

import java.util.regex.Pattern;

/** What a community slug may be: the one rule every service checks slugs against. */
public final class CommunitySlug {

    /** A letter or digit, then up to 63 letters, digits, '_' or '-'. */
    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private CommunitySlug() {
    }

    public static boolean isValid(String slug) {
        return slug != null && COMPILED.matcher(slug).matches();
    }
}
