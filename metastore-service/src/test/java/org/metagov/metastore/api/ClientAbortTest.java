package org.metagov.metastore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metagov.metastore.api.DatasetApiContract.OWNER;
import static org.metagov.metastore.api.DatasetApiContract.unique;
import static org.metagov.metastore.support.Api.admin;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.metagov.metastore.support.TempDataDir;
import org.metagov.metastore.support.Tokens;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Found by fuzzing: what a client can do to a connection is never an ERROR, and every refusal has a JSON body. */
@QuarkusTest
@WithTestResource(value = TempDataDir.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ClientAbortTest {

    /** Collects what is logged at ERROR (SEVERE) while a test runs. */
    static final class Errors extends Handler {
        final List<LogRecord> records = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                records.add(record);
            }
        }

        synchronized List<String> messages() {
            return records.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** A small receive buffer, set before connecting, so that a large answer cannot all be buffered by the kernel. */
    private static Socket connect() throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress(java.net.URI.create(RestAssured.baseURI).getHost(),
                RestAssured.port));
        return socket;
    }

    @Test
    void aClientThatStopsReadingALargeAnswerIsNotAnError() throws Exception {
        String name = unique("large");
        admin().body(Map.of("owner", OWNER, "name", name, "datapackage", Map.of("description", "x".repeat(4_000_000))))
                .post("/api/datasets").then().statusCode(201);
        Errors errors = new Errors();
        Logger.getLogger("").addHandler(errors);
        try {
            double served = getsServed();
            for (int i = 0; i < 5; i++) {
                try (Socket socket = connect()) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET /api/datasets/" + OWNER + "/" + name + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: Bearer " + Tokens.admin() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = socket.getInputStream();
                    in.readNBytes(1024); // then hang up with most of the answer unread
                    socket.setSoLinger(true, 0); // a reset, as a client that is killed sends
                }
            }
            // the service noticed (it counted the five GETs as done, reset or not), logged no ERROR about them,
            // and serves the next request
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> getsServed() >= served + 5);
            assertEquals(List.of(), errors.messages());
            admin().get("/api/datasets/{o}/{n}/revisions", OWNER, name).then().statusCode(200);
        } finally {
            Logger.getLogger("").removeHandler(errors);
        }
    }

    /** Dataset GETs the service finished, as its HTTP server metrics count them (a reset is counted too). */
    private static double getsServed() {
        double sum = 0;
        for (String line : RestAssured.get("/q/metrics").asString().split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count{") && line.contains("method=\"GET\"")
                    && line.contains("uri=\"/api/datasets/")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void requestHeadersTooLargeAre431WithTheJsonErrorBody() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/datasets HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "p".repeat(40_000)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 431"), answer);
            assertTrue(answer.contains("\"error\":\"request_header_fields_too_large\""), answer);
        }
    }
}
