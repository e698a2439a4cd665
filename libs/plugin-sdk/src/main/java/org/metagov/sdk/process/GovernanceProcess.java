package org.metagov.sdk.process;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Stereotype;

/**
 * Marks a class extending {@link ProcessBase} as a governance process (seed 001's
 * {@code @Registry.governance_process}), served at {@code /api/internal/process/<plugin>.<name>}. The runner finds
 * it by itself (a CDI stereotype, like {@code @Plugin}); put it in the plugin's package. The plugin it belongs to is
 * the type argument: {@code class Poll extends ProcessBase<VotePlugin>} is {@code vote.poll}.
 *
 * <p>What the process can do is read from the class: it can be closed by the driver when it overrides
 * {@link ProcessBase#close()}, is polled when it overrides {@link ProcessBase#update()}, and receives its plugin's
 * webhooks when it overrides {@link ProcessBase#receiveWebhook}.
 */
@Stereotype
@Dependent
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface GovernanceProcess {
    /** Unique within the plugin, as in {@code /api/internal/process/<plugin>.<name>}. */
    String name();

    String description() default "";

    /** Resource name of the parameters' JSON Schema beside the class; empty: any object. */
    String inputSchema() default "";

    /** Resource name of the outcome's JSON Schema beside the class, for the API docs; empty: not described. */
    String outcomeSchema() default "";

    /** Seconds between two {@code update()} calls while pending; 0: the service's default (60 s). */
    long updateIntervalSeconds() default 0;

    /**
     * Whether the driver may re-open a completed process ({@code POST .../{id}/reopen}): the runner puts it back to
     * pending and calls {@link ProcessBase#reopen}, which the class must then override. Its state (ballots cast,
     * ...) stays; later outcome changes and its next completion call the driver back again.
     */
    boolean reopenable() default false;
}
