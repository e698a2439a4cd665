package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.outbound.AddressPolicy;
import org.metagov.runner.plugins.sourcecred.SourceCredPlugin;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.sdk.testkit.PluginHarness;

/** Against a SourceCred instance served locally from a real-shaped accounts.json. */
class SourceCredPluginTest {

    FakePlatform instance;
    PluginHarness<SourceCredPlugin> sourcecred;

    @BeforeEach
    void serve() throws IOException {
        instance = FakePlatform.start();
        try (InputStream in = getClass().getResourceAsStream("/sourcecred/accounts.json")) {
            instance.respond("GET", "/output/accounts.json", 200, "application/json", in.readAllBytes());
        }
        sourcecred = PluginHarness.start(SourceCredPlugin.class, "{\"server_url\": \"" + instance.url() + "\"}");
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    @Test
    void credByUsernameByIdAndInTotal() {
        assertEquals(14.25, sourcecred.act("user-cred", "{\"username\": \"bob\"}").path("value").asDouble());
        assertEquals(83.75, sourcecred.act("user-cred", "{\"id\": \"alice-gh\"}").path("value").asDouble());
        assertEquals(101.625, sourcecred.act("total-cred", "{}").path("value").asDouble());
        assertFalse(instance.requests().isEmpty());
        assertEquals("/output/accounts.json", instance.requests().get(0).path());
    }

    @Test
    void theCallersMistakesAndThePlatformsFailuresAreTold() {
        PluginException missing = assertThrows(PluginException.class, () -> sourcecred.act("user-cred", "{}"));
        assertEquals("Either a username or an id argument is required", missing.getMessage());
        PluginException unknown = assertThrows(PluginException.class,
                () -> sourcecred.act("user-cred", "{\"username\": \"nobody\"}"));
        assertEquals("nobody not found in sourcecred instance", unknown.getMessage());
        assertTrue(unknown.isCallerFault());

        PluginHarness<SourceCredPlugin> broken = PluginHarness.start(SourceCredPlugin.class,
                "{\"server_url\": \"" + instance.url() + "/elsewhere\"}");
        PluginException failure = assertThrows(PluginException.class, () -> broken.act("total-cred", "{}"));
        assertFalse(failure.isCallerFault(), "a platform 404 is the plugin's failure (502), not the caller's");
    }

    @Test
    void aServerUrlOnLoopbackIsRefusedWithOneMessageWhetherItsPortIsOpenOrNot() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }
        List<String> messages = new ArrayList<>();
        for (String url : List.of(instance.url(), closed)) {
            PluginHarness<SourceCredPlugin> strict = PluginHarness.start(SourceCredPlugin.class,
                    "{\"server_url\": \"" + url + "\"}", AddressPolicy.strict());
            PluginException refused = assertThrows(PluginException.class, () -> strict.act("total-cred", "{}"));
            assertTrue(refused.isCallerFault(), "the community's config is wrong: a 400");
            messages.add(refused.getMessage());
            assertEquals(List.of("refused"), strict.httpOutcomes());
        }
        assertEquals("Host '127.0.0.1' is a loopback address, which is not allowed", messages.get(0));
        assertEquals(messages.get(0), messages.get(1));
        assertTrue(instance.requests().isEmpty(), "the fake platform was never called");
    }

    @Test
    void aPlatformErrorNamesTheHostAndItsStatus() {
        instance.respond("GET", "/down/output/accounts.json", 503, "{\"error\": \"maintenance\"}");
        PluginHarness<SourceCredPlugin> down = PluginHarness.start(SourceCredPlugin.class,
                "{\"server_url\": \"" + instance.url() + "/down\"}");

        PluginException failure = assertThrows(PluginException.class, () -> down.act("total-cred", "{}"));

        assertFalse(failure.isCallerFault());
        assertEquals("Host '127.0.0.1' answered 503", failure.getMessage());
        assertEquals(List.of("status_5xx"), down.httpOutcomes());
    }
}
