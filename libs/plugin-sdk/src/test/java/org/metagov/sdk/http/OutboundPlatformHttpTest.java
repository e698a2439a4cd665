package org.metagov.sdk.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.metagov.outbound.AddressPolicy;
import org.metagov.outbound.OutboundClient;
import org.metagov.sdk.PluginException;
import org.metagov.webhooks.Backoff;

class OutboundPlatformHttpTest {

    @Test
    void aPlatformThatDoesNotAnswerInTimeIsATimeoutNotAFailure() throws IOException {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    held.add(silent.accept()); // accepts, never answers
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.start();
            OutboundClient client = new OutboundClient(AddressPolicy.of(true, false, List.of()),
                    new OutboundClient.Settings(Duration.ofSeconds(1), Duration.ofMillis(300), 1024, 1,
                            new Backoff(Duration.ofMillis(10), 2.0, Duration.ofMillis(10), 0, Duration.ZERO), "test"));
            List<String> outcomes = new ArrayList<>();
            PlatformHttp http = new OutboundPlatformHttp(client, outcomes::add);
            PluginException e = assertThrows(PluginException.class,
                    () -> http.get("http://127.0.0.1:" + silent.getLocalPort() + "/api"));
            assertTrue(e.isTimeout(), e.getMessage());
            assertFalse(e.isCallerFault());
            assertTrue(outcomes.contains("timeout"), outcomes.toString());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
