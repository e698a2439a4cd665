package org.metagov.events;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which of a community's instances of one plugin a call means: the one with the {@code community_platform_id} the
 * caller gave, else the only one. The gateway (actions), process-service (processes) and plugin-runner apply the same
 * rule; each turns a refusal into its own 400.
 *
 * @param chosen the instance, or null when refused
 * @param refusal why none was chosen (null when one was): not enabled, ambiguous, or no such platform id
 * @param choices the platform ids to choose from, for the error's details
 */
public record InstanceChoice<T>(T chosen, Refusal refusal, List<String> choices) {

    public enum Refusal {
        NOT_ENABLED, AMBIGUOUS, NO_SUCH_INSTANCE
    }

    public static <T> InstanceChoice<T> of(List<T> instances, Function<T, String> platformIdOf, String wanted) {
        List<String> choices = instances.stream().map(platformIdOf).map(String::valueOf).toList();
        if (instances.isEmpty()) {
            return new InstanceChoice<>(null, Refusal.NOT_ENABLED, choices);
        }
        if (wanted == null) {
            return instances.size() == 1 ? new InstanceChoice<>(instances.get(0), null, choices)
                    : new InstanceChoice<>(null, Refusal.AMBIGUOUS, choices);
        }
        return instances.stream().filter(i -> Objects.equals(wanted, platformIdOf.apply(i))).findFirst()
                .map(i -> new InstanceChoice<>(i, null, choices))
                .orElseGet(() -> new InstanceChoice<>(null, Refusal.NO_SUCH_INSTANCE, choices));
    }

    /** The message of the caller's 400 (the {@link #choices} go in its details). */
    public String message(String plugin, String community, String wanted) {
        return switch (refusal) {
            case NOT_ENABLED -> "Plugin '" + plugin + "' is not enabled for community '" + community + "'";
            case AMBIGUOUS -> "Plugin '" + plugin + "' has " + choices.size() + " instances in community '" + community
                    + "'; choose one with community_platform_id (one of " + String.join(", ", choices) + ")";
            case NO_SUCH_INSTANCE -> "Plugin '" + plugin + "' has no instance with community_platform_id '" + wanted
                    + "' in community '" + community + "' (choose one of " + String.join(", ", choices) + ")";
        };
    }

    /** The details of the caller's 400: each choice as {@code community_platform_id=<id>}. */
    public List<String> details() {
        return choices.stream().map(c -> "community_platform_id=" + c).toList();
    }
}
