package org.metagov.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.webhooks.Backoff;

class OutboundClientTest {

    private HttpServer server;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private final AddressPolicy loopbackAllowed = AddressPolicy.of(true, false, List.of());
    private final OutboundClient client = client(loopbackAllowed, Duration.ofSeconds(5), 1000);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void connectsToTheCheckedAddressAndSendsTheNameAsHost() {
        // platform.test exists only in this resolver: had the JDK looked the name up again, the call would fail
        AddressPolicy policy = new AddressPolicy(true, false, List.of(),
                host -> new InetAddress[] {InetAddress.getLoopbackAddress()});
        answer("/accounts", exchange -> reply(exchange, 200, exchange.getRequestHeaders().getFirst("Host")));

        OutboundResponse response = client(policy, Duration.ofSeconds(5), 1000)
                .send(OutboundRequest.get(URI.create("http://platform.test:" + port() + "/accounts?x=1")));

        assertEquals(200, response.status());
        assertEquals("platform.test:" + port(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(List.of("GET /accounts?x=1"), List.copyOf(requests));
    }

    @Test
    void aRefusedAddressGetsTheSameErrorWhetherItsPortIsOpenOrNot() throws IOException {
        OutboundClient strict = client(AddressPolicy.strict(), Duration.ofSeconds(5), 1000);
        answer("/", exchange -> reply(exchange, 200, "internal"));

        OutboundException open = assertThrows(OutboundException.class,
                () -> strict.send(OutboundRequest.get(URI.create("http://127.0.0.1:" + port() + "/"))));
        OutboundException closed = assertThrows(OutboundException.class,
                () -> strict.send(OutboundRequest.get(URI.create("http://127.0.0.1:" + closedPort() + "/"))));

        assertEquals("Host '127.0.0.1' is a loopback address, which is not allowed", open.getMessage());
        assertEquals(open.getMessage(), closed.getMessage());
        assertEquals(OutboundException.Kind.REFUSED, closed.kind());
        assertTrue(requests.isEmpty(), "nothing was sent");
    }

    @Test
    void aTrustedUrlIsCalledWithoutTheAddressCheck() {
        answer("/", exchange -> reply(exchange, 200, "ok"));

        OutboundResponse response = client(AddressPolicy.strict(), Duration.ofSeconds(5), 1000)
                .send(OutboundRequest.get(URI.create("http://127.0.0.1:" + port() + "/")).asTrusted());

        assertEquals(200, response.status());
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() {
        answer("/old", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/internal");
            reply(exchange, 302, "");
        });

        OutboundException e = assertThrows(OutboundException.class,
                () -> client.send(OutboundRequest.get(URI.create("http://127.0.0.1:" + port() + "/old"))));

        assertEquals(OutboundException.Kind.REDIRECT, e.kind());
        assertEquals("Host '127.0.0.1' answered 302, a redirect, which is not followed", e.getMessage());
        assertEquals(List.of("GET /old"), List.copyOf(requests));
    }

    @Test
    void aSlowAnswerTimesOutWithinTheCallsBudget() {
        answer("/slow", exchange -> {
            await(release);
            reply(exchange, 200, "late");
        });

        OutboundException e = assertThrows(OutboundException.class, () -> client.send(
                OutboundRequest.get(URI.create("http://127.0.0.1:" + port() + "/slow")).timeout(Duration.ofMillis(300))));

        assertEquals(OutboundException.Kind.TIMEOUT, e.kind());
        assertEquals("No complete answer from host '127.0.0.1' within 300 ms", e.getMessage());
    }

    @Test
    void aBodyThatNeverEndsTimesOutToo() {
        answer("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            exchange.getResponseBody().write("{\"accounts\": [".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            await(release);
            exchange.close();
        });

        OutboundException e = assertThrows(OutboundException.class, () -> client.send(
                OutboundRequest.get(URI.create("http://127.0.0.1:" + port() + "/trickle")).timeout(Duration.ofMillis(300))));

        assertEquals(OutboundException.Kind.TIMEOUT, e.kind());
    }

    @Test
    void aBodyOverTheLimitIsAnErrorNamingTheLimit() {
        byte[] big = new byte[5000];
        answer("/announced", exchange -> {
            exchange.sendResponseHeaders(200, big.length);
            exchange.getResponseBody().write(big);
            exchange.close();
        });
        answer("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(big);
            exchange.close();
        });

        for (String path : List.of("/announced", "/chunked")) {
            OutboundException e = assertThrows(OutboundException.class,
                    () -> client.send(OutboundRequest.get(URI.create("http://127.0.0.1:" + port() + path))));
            assertEquals(OutboundException.Kind.TOO_LARGE, e.kind(), path);
            assertEquals("The answer of host '127.0.0.1' is larger than the limit of 1000 bytes", e.getMessage());
        }
        answer("/small", exchange -> reply(exchange, 200, "x".repeat(1000)));
        assertEquals(1000, client.send(OutboundRequest.get(URI.create("http://127.0.0.1:" + port() + "/small")))
                .body().length);
    }

    @Test
    void tooManyRequestsIsRetriedWhenItsRetryAfterFitsTheBudget() {
        AtomicInteger calls = new AtomicInteger();
        answer("/limited", exchange -> {
            if (calls.incrementAndGet() == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                reply(exchange, 429, "slow down");
            } else {
                reply(exchange, 200, "ok");
            }
        });

        OutboundResponse response = client.send(OutboundRequest.post(URI.create("http://127.0.0.1:" + port()
                + "/limited"), "application/json", "{}".getBytes(StandardCharsets.UTF_8)));

        assertEquals(200, response.status());
        assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), response.body());
        assertEquals(List.of("POST /limited", "POST /limited"), List.copyOf(requests));
    }

    @Test
    void tooManyRequestsIsReturnedWhenWaitingWouldOverrunTheBudget() {
        answer("/limited", exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "60");
            reply(exchange, 429, "slow down");
        });

        OutboundResponse response = client.send(OutboundRequest.get(URI.create("http://127.0.0.1:" + port()
                + "/limited")).timeout(Duration.ofSeconds(2)));

        assertEquals(429, response.status());
        assertEquals(Map.of("Retry-After", List.of("60")).get("Retry-After"), response.headers().get("retry-after"));
        assertEquals(1, requests.size());
    }

    @Test
    void aFailedConnectionSaysSoWithoutJavaClassNames() throws IOException {
        OutboundException e = assertThrows(OutboundException.class,
                () -> client.send(OutboundRequest.get(URI.create("http://127.0.0.1:" + closedPort() + "/"))));

        assertEquals(OutboundException.Kind.UNREACHABLE, e.kind());
        assertEquals("Could not connect to host '127.0.0.1'", e.getMessage());
        assertFalse(e.getMessage().contains("Exception"));
    }

    private static OutboundClient client(AddressPolicy policy, Duration timeout, long limit) {
        return new OutboundClient(policy, new OutboundClient.Settings(Duration.ofSeconds(2), timeout, limit, 3,
                new Backoff(Duration.ofMillis(50), 2.0, Duration.ofMillis(200), 0.2, Duration.ofSeconds(2)),
                "metagov-test"));
    }

    private void answer(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (query == null ? "" : "?" + query));
            try {
                handler.handle(exchange);
            } catch (IOException ignored) {
                // the client gave up on us: expected in the timeout and size tests
            }
        });
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
