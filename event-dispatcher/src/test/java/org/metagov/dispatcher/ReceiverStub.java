package org.metagov.dispatcher;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The driver's event receiver, faked by WireMock for one test class, and the webhook secret shared with it. Test
 * classes get the server in a {@code WireMockServer} field.
 */
public class ReceiverStub implements QuarkusTestResourceLifecycleManager {

    public static final String PATH = "/metagov/events";
    /** The Standard Webhooks example secret: the whsec_ form, signed with its base64-decoded bytes. */
    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().extensions(new RandomServerErrors()));
        server.start();
        return Map.of("dispatcher.receiver-url", server.baseUrl() + PATH, "dispatcher.webhook-secret", SECRET);
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
    }
}
