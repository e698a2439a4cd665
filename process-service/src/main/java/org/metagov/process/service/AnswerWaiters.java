package org.metagov.process.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Lets a request wait for the runner's answer to the command it sent (POST for start, DELETE for close). The
 * replica that consumes the answer may be another one, so besides the local signal the waiter re-checks the
 * database (the answer's marker, written with the answer) every {@link #RECHECK}.
 */
@ApplicationScoped
public class AnswerWaiters {

    static final Duration RECHECK = Duration.ofMillis(250);

    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    /** Registers before the command is sent, so an answer cannot slip by unnoticed. */
    public void expect(String commandId) {
        waiting.computeIfAbsent(commandId, k -> new CompletableFuture<>());
    }

    /** Drops a registration whose command was never sent. */
    public void forget(String commandId) {
        waiting.remove(commandId);
    }

    /**
     * Called after an answer was committed on this replica. The entry stays until its waiter is done, so an answer
     * that comes before the waiter started waiting is not missed.
     */
    public void answered(String commandId) {
        CompletableFuture<Void> waiter = waiting.get(commandId);
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    /** True once the command was answered, false when {@code timeout} passed first. */
    public Uni<Boolean> await(String commandId, Duration timeout, Supplier<Uni<Boolean>> answeredInDatabase) {
        Instant deadline = Instant.now().plus(timeout);
        return poll(commandId, deadline, answeredInDatabase).eventually(() -> waiting.remove(commandId));
    }

    private Uni<Boolean> poll(String commandId, Instant deadline, Supplier<Uni<Boolean>> answeredInDatabase) {
        CompletableFuture<Void> local = waiting.computeIfAbsent(commandId, k -> new CompletableFuture<>());
        Duration left = Duration.between(Instant.now(), deadline);
        Duration wait = left.compareTo(RECHECK) < 0 ? (left.isNegative() ? Duration.ofMillis(1) : left) : RECHECK;
        // a copy: Mutiny cancels the future it waits on when the wait times out, and the original must live on
        return Uni.createFrom().completionStage(local.copy()).map(x -> true)
                .ifNoItem().after(wait).recoverWithItem(false)
                .flatMap(signalled -> signalled ? Uni.createFrom().item(true) : answeredInDatabase.get())
                .flatMap(done -> {
                    if (done) {
                        return Uni.createFrom().item(true);
                    }
                    if (!Instant.now().isBefore(deadline)) {
                        return Uni.createFrom().item(false);
                    }
                    return poll(commandId, deadline, answeredInDatabase);
                });
    }
}
