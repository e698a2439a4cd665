package org.metagov.runner.process;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.EventJson;
import org.metagov.events.process.ProcessCommand;

/**
 * Consumes process-commands. Keyed by process id and consumed in order per partition (ordered blocking), so a
 * process's commands run in the order process-service sent them; replicas share partitions through one group.
 */
@ApplicationScoped
public class ProcessCommandConsumer {

    private static final int ATTEMPTS = 5;

    private final ProcessRunner runner;

    public ProcessCommandConsumer(ProcessRunner runner) {
        this.runner = runner;
    }

    @Incoming("process-commands")
    @Blocking
    public void onCommand(String json) throws InterruptedException {
        ProcessCommand command;
        try {
            command = EventJson.read(json, ProcessCommand.class);
        } catch (RuntimeException e) {
            Log.errorf("Dropping an unreadable process command: %s", e.getMessage());
            return;
        }
        // plugin failures become updates inside handle(); what is left is the database, worth a few retries
        for (int attempt = 1;; attempt++) {
            try {
                runner.handle(command);
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    Log.errorf(e, "Giving up on process command %s after %d attempts", command.id(), attempt);
                    return;
                }
                Log.warnf("Process command %s failed (%s); retrying", command.id(), e.getMessage());
                Thread.sleep(Duration.ofMillis(200L * attempt).toMillis());
            }
        }
    }
}
