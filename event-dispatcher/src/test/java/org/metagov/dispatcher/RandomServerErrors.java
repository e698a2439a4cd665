package org.metagov.dispatcher;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A flaky receiver for the stubs that name it: answers 500 at random, but at most {@link #MAX_IN_A_ROW} times in a
 * row for one webhook-id, so the test schedule (4 attempts) always gets the event through and no event is
 * dead-lettered by bad luck.
 */
public class RandomServerErrors implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "random-server-errors";
    static final double FAILURE_RATE = 0.25;
    static final int MAX_IN_A_ROW = 2;

    private final Map<String, Integer> failuresInARow = new ConcurrentHashMap<>();

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String webhookId = serveEvent.getRequest().getHeader("webhook-id");
        int failures = failuresInARow.getOrDefault(webhookId, 0);
        if (failures < MAX_IN_A_ROW && ThreadLocalRandom.current().nextDouble() < FAILURE_RATE) {
            failuresInARow.put(webhookId, failures + 1);
            return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition()).but()
                    .withStatus(500).withBody("random failure").build();
        }
        failuresInARow.remove(webhookId);
        return serveEvent.getResponseDefinition();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
