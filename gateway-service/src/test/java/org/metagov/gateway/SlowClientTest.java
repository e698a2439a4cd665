package org.metagov.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A client may not hold a connection by trickling: a body that does not arrive within the body timeout is a 408
 * and the connection is closed; a silent connection is closed after the idle timeout. (A byte every 10 s used to
 * keep a connection open for good.) Short timeouts here; 30 s in application.properties.
 */
@QuarkusTest
@TestProfile(SlowClientTest.ShortTimeouts.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeCommunityService.class)
class SlowClientTest {

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("metagov.http.body-timeout", "1s", "quarkus.http.idle-timeout", "2s");
        }
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aTrickledBodyIs408AndTheConnectionClosed() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(15).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/hooks/tutorial HTTP/1.1\r\nHost: g\r\nContent-Length: 1000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long started = System.nanoTime();
            // a byte every 200 ms: never idle, never done
            Thread trickle = new Thread(() -> {
                try {
                    for (int i = 0; i < 1000; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed the connection: what the test waits for
                }
            });
            trickle.setDaemon(true);
            trickle.start();
            byte[] answer = readUntilClosed(socket.getInputStream());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            RawHttp.Answer parsed = RawHttp.parse(answer);
            assertEquals(408, parsed.status(), new String(answer, StandardCharsets.UTF_8));
            assertTrue(parsed.body().contains("\"error\":\"request_timeout\""), parsed.body());
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "closed after " + took);
            trickle.interrupt();
        }
    }

    @Test
    void aSilentConnectionIsClosed() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(15).toMillis());
            long started = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "closed after " + took);
        }
    }

    /** Everything the server sends until it closes the connection (a reset counts as closed). */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // closed while the trickle still wrote
        }
        return all.toByteArray();
    }
}
