package org.metagov.observability;

import java.util.Map;
import java.util.concurrent.Callable;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import org.jboss.logging.MDC;

/**
 * Carries the trace context and the log fields (MDC) of the submitting thread to a pool thread: a plugin's action,
 * process call or hook runs on a plugin thread, and its platform calls and driver events belong to the same trace
 * and log lines.
 */
public final class ContextCarrier {

    private ContextCarrier() {
    }

    public static <T> Callable<T> wrap(Callable<T> task) {
        Context context = Context.current();
        Map<String, Object> fields = MDC.getMap();
        return () -> {
            Map<String, Object> before = MDC.getMap();
            replace(fields);
            try (Scope ignored = context.makeCurrent()) {
                return task.call();
            } finally {
                replace(before);
            }
        };
    }

    public static Runnable wrap(Runnable task) {
        Callable<Object> wrapped = wrap(() -> {
            task.run();
            return null;
        });
        return () -> {
            try {
                wrapped.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static void replace(Map<String, Object> fields) {
        MDC.clear();
        if (fields != null) {
            fields.forEach(MDC::put);
        }
    }
}
