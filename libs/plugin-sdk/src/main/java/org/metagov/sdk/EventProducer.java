package org.metagov.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a no-argument plugin method the runner calls on a schedule, for platforms without webhooks: it asks the
 * platform for what is new and calls {@code sendEventToDriver}. Each enabled instance's task runs once per interval
 * across all runner replicas and never overlaps itself; a failure is logged and the next interval runs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface EventProducer {
    /** Seconds between runs; 0 means the runner's default (runner.polling.default-interval, 60 s). */
    long intervalSeconds() default 0;
}
