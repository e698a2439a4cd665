package org.metagov.metastore.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.metagov.metastore.storage.DatasetId;

/**
 * The dataset permissions carried by a token's {@code scopes}: {@code ds:<owner>/<name>:<actions>}, where
 * owner and name may contain {@code *} wildcards, the whole dataset part may be {@code *}, and actions is a
 * comma-separated list or {@code *}. Grants are additive: {@code ds:*:read} plus {@code ds:acme/*:update}
 * allows both on acme's datasets. Scopes of other shapes (e.g. {@code openid}) are ignored, not errors.
 */
public final class Grants {

    private static final Grants EVERYTHING_READ = new Grants(List.of(
            new Grant(Pattern.compile(".*"), Pattern.compile(".*"), EnumSet.of(Action.READ))));

    private final List<Grant> grants;

    private Grants(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    /** Anonymous callers, where anonymous reads are enabled. */
    public static Grants readEverything() {
        return EVERYTHING_READ;
    }

    public static Grants parse(Collection<String> scopes) {
        List<Grant> grants = new ArrayList<>();
        for (String scope : scopes) {
            Grant grant = Grant.parse(scope.trim());
            if (grant != null) {
                grants.add(grant);
            }
        }
        return new Grants(grants);
    }

    public boolean allows(DatasetId id, Action action) {
        for (Grant grant : grants) {
            if (grant.actions.contains(action) && grant.owner.matcher(id.owner()).matches()
                    && grant.name.matcher(id.name()).matches()) {
                return true;
            }
        }
        return false;
    }

    private record Grant(Pattern owner, Pattern name, Set<Action> actions) {

        static Grant parse(String scope) {
            String[] parts = scope.split(":", -1);
            if (parts.length != 3 || !parts[0].equals("ds") || parts[1].isEmpty() || parts[2].isEmpty()) {
                return null;
            }
            String dataset = parts[1];
            String owner;
            String name;
            if (dataset.equals("*")) {
                owner = "*";
                name = "*";
            } else {
                int slash = dataset.indexOf('/');
                if (slash <= 0 || slash != dataset.lastIndexOf('/') || slash == dataset.length() - 1) {
                    return null;
                }
                owner = dataset.substring(0, slash);
                name = dataset.substring(slash + 1);
            }
            Set<Action> actions = EnumSet.noneOf(Action.class);
            for (String action : parts[2].split(",")) {
                String a = action.trim();
                if (a.equals("*")) {
                    actions.addAll(EnumSet.allOf(Action.class));
                } else {
                    Action.fromScopeName(a).ifPresent(actions::add); // unknown actions: granted nothing
                }
            }
            return actions.isEmpty() ? null : new Grant(glob(owner), glob(name), actions);
        }

        private static Pattern glob(String segment) {
            String[] literals = segment.split("\\*", -1);
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < literals.length; i++) {
                if (i > 0) {
                    regex.append(".*");
                }
                if (!literals[i].isEmpty()) {
                    regex.append(Pattern.quote(literals[i]));
                }
            }
            return Pattern.compile(regex.toString());
        }
    }
}
