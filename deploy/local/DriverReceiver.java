import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * What a driver would get, printed: {@code deploy/local/run.sh --receiver} starts this (JDK only, run as a
 * single-file program: {@code java deploy/local/DriverReceiver.java <port>}) and points DRIVER_EVENT_RECEIVER_URL at
 * {@code /events}; give a process {@code callback_url} {@code http://localhost:<port>/callbacks/<anything>}. Every
 * request is answered 200 with an empty body, as PolicyKit answers, and printed with its Standard Webhooks id and
 * whether its signature is valid for DRIVER_WEBHOOK_SECRET (events) or PROCESS_CALLBACK_SECRET (callbacks; the
 * driver secret when it is not set, as process-service does).
 */
public class DriverReceiver {

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8095;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", DriverReceiver::receive);
        server.start();
        System.out.println("[receiver] listening on http://localhost:" + port + "  events: /events  callbacks: "
                + "/callbacks/<name>");
    }

    private static void receive(HttpExchange exchange) throws IOException {
        int status = 200;
        try {
            print(exchange);
        } catch (RuntimeException e) {
            System.out.println("[receiver] could not print a request: " + e);
            status = 500;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static void print(HttpExchange exchange) throws IOException {
        String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        boolean event = path.equals("/events");
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        // process-service signs callbacks with PROCESS_CALLBACK_SECRET, or DRIVER_WEBHOOK_SECRET without one
        String secret = event ? System.getenv("DRIVER_WEBHOOK_SECRET")
                : firstSet(System.getenv("PROCESS_CALLBACK_SECRET"), System.getenv("DRIVER_WEBHOOK_SECRET"));
        synchronized (System.out) {
            System.out.printf("[receiver] %s %-8s %s %s  webhook-id=%s  signature=%s%n", Instant.now(),
                    event ? "event" : "callback", exchange.getRequestMethod(), path, id,
                    verdict(secret, id, timestamp, signature, text));
            System.out.println(text);
        }
    }

    private static String firstSet(String first, String second) {
        return first != null && !first.isEmpty() ? first : second;
    }

    /** Standard Webhooks: {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}, space-separated. */
    static String verdict(String secret, String id, String timestamp, String signature, String body) {
        if (signature == null) {
            return "none";
        }
        if (secret == null || secret.isEmpty()) {
            return "present (no secret set here to check it)";
        }
        try {
            byte[] key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6))
                    : secret.getBytes(StandardCharsets.UTF_8);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = ("v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8))))
                    .getBytes(StandardCharsets.UTF_8);
            for (String candidate : signature.split(" ")) {
                if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                    return "valid";
                }
            }
            return "INVALID";
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return "unchecked (" + e.getMessage() + ")";
        }
    }
}
