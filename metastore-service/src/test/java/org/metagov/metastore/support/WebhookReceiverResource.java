package org.metagov.metastore.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server standing in for a webhook receiver, with the service's webhook URL and secret pointed at it (plus
 * a temporary data directory). Test classes get the server in a field of its type.
 */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final TempDataDir dataDir = new TempDataDir();
    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        Map<String, String> config = new HashMap<>(dataDir.start());
        config.put("metastore.webhook.urls", server.baseUrl() + "/hook");
        config.put("metastore.webhook.secret", SECRET);
        config.put("metastore.webhook.initial-backoff", "50ms");
        config.put("metastore.webhook.max-backoff", "200ms");
        config.put("metastore.webhook.timeout", "2s");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.MatchesType(WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
        dataDir.stop();
    }
}
