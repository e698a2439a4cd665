package org.metagov.outbound;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.metagov.webhooks.Backoff;
import org.metagov.webhooks.RetryAfter;

/**
 * The one HTTP client for calls to URLs outside the platform: process callbacks and plugins' calls to their
 * platforms. It enforces the {@link AddressPolicy} on untrusted URLs, does not follow redirects (a redirect is an
 * {@link OutboundException}: following one would reach a URL nobody checked), bounds the whole call in time (connect,
 * headers and body, 429 waits included) and the body in size, and retries a 429 when its {@code Retry-After} fits
 * in the time left. Blocking; thread-safe.
 *
 * <p><b>Connecting to the address that was checked.</b> {@code java.net.http} has no pluggable resolver (JDK 17), so
 * the client cannot hand it the checked address. Instead, the host is resolved once, every address checked, and:
 * <ul>
 * <li>{@code http}: the request goes to the checked IP literal, with the name in the {@code Host} header. No second
 * lookup happens, so a name that changes its answer (DNS rebinding) cannot move the connection. The JDK only lets a
 * client set {@code Host} when {@code jdk.httpclient.allowRestrictedHeaders} includes it before its HTTP classes
 * load; this class sets it. Where that was too late (another library loaded them first), the request goes by name,
 * as for https.</li>
 * <li>{@code https}: the name is kept, since certificate checks and SNI need it. The JDK resolves it again when it
 * connects, but from its address cache ({@code networkaddress.cache.ttl}, 30 s by default), which the check has just
 * filled with the addresses that were checked; a rebinding would have to land in the moment the cache entry
 * expires between check and connect.</li>
 * </ul>
 * Refusals happen before any connection, so a refused address answers the same whether its port is open or not.
 */
public final class OutboundClient {

    static {
        // read once by the JDK when its HTTP classes load; lets the http path name the host while dialling the IP
        String allowed = System.getProperty("jdk.httpclient.allowRestrictedHeaders");
        if (allowed == null || allowed.isBlank()) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        } else if (!allowed.toLowerCase().contains("host")) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", allowed + ",host");
        }
    }

    private static final boolean HOST_HEADER_SETTABLE = hostHeaderSettable();

    static {
        if (!HOST_HEADER_SETTABLE) {
            System.getLogger(OutboundClient.class.getName()).log(System.Logger.Level.WARNING, "The JDK's HTTP client "
                    + "was loaded before jdk.httpclient.allowRestrictedHeaders=host could be set: http calls to "
                    + "caller URLs connect by name, as https ones do; start the JVM with that property to avoid it");
        }
    }

    /**
     * @param connectTimeout to open a connection
     * @param requestTimeout the default budget of a whole call (every attempt, waits and bodies included)
     * @param maxResponseBytes a longer body is an error naming this limit
     * @param maxAttempts attempts when the answer is 429 (1 = no retry)
     * @param backoff the waits between 429 attempts; its {@code maxRetryAfter} caps what a server may ask
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, long maxResponseBytes, int maxAttempts,
            Backoff backoff, String userAgent) {

        public Settings {
            if (maxResponseBytes < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("the response limit and the attempts must be at least 1");
            }
        }

        /** 5 s to connect, 10 s a call, 5 MiB a body, three attempts on 429 (Retry-After up to 5 s). */
        public static Settings defaults(String userAgent) {
            return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(10), 5L * 1024 * 1024, 3,
                    new Backoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(2), 0.2, Duration.ofSeconds(5)),
                    userAgent);
        }
    }

    private final AddressPolicy policy;
    private final Settings settings;
    private final HttpClient http;

    public OutboundClient(AddressPolicy policy, Settings settings) {
        this.policy = policy;
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY) // a proxy would connect somewhere else than the checked address
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public AddressPolicy policy() {
        return policy;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * @return the answer, whatever its status except a redirect (a 429 that could not be waited out is returned)
     * @throws OutboundException refused, unreachable, timed out, redirected or too large
     */
    public OutboundResponse send(OutboundRequest request) {
        Duration budget = request.timeout() != null ? request.timeout() : settings.requestTimeout();
        long deadline = System.nanoTime() + budget.toNanos();
        AddressPolicy.Target target = policy.check(request.uri(), request.trusted());
        for (int attempt = 1;; attempt++) {
            OutboundResponse response = once(request, target, deadline, budget);
            int status = response.status();
            if (status >= 300 && status < 400 && status != 304) {
                throw new OutboundException(OutboundException.Kind.REDIRECT, "Host '" + target.host()
                        + "' answered " + status + ", a redirect, which is not followed");
            }
            if (status != 429 || attempt >= settings.maxAttempts()) {
                return response;
            }
            Duration wait = settings.backoff().delay(attempt,
                    RetryAfter.parse(response.header("Retry-After").orElse(null), Instant.now()));
            if (System.nanoTime() + wait.toNanos() >= deadline) {
                return response; // waiting would overrun the call's budget: the caller sees the 429
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OutboundException(OutboundException.Kind.TIMEOUT, "The call to host '" + target.host()
                        + "' was interrupted");
            }
        }
    }

    private OutboundResponse once(OutboundRequest request, AddressPolicy.Target target, long deadline,
            Duration budget) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timeout(target, budget);
        }
        boolean byAddress = target.address() != null && target.scheme().equals("http") && HOST_HEADER_SETTABLE;
        HttpRequest.Builder builder = HttpRequest.newBuilder(byAddress ? atAddress(target) : target.uri())
                .timeout(Duration.ofNanos(remaining))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (byAddress) {
            builder.header("Host", target.uri().getRawAuthority());
        }
        request.headers().forEach(builder::header);
        if (!request.headers().keySet().stream().anyMatch(name -> name.equalsIgnoreCase("User-Agent"))) {
            builder.header("User-Agent", settings.userAgent());
        }
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(builder.build(),
                BoundedBody.handler(settings.maxResponseBytes()));
        try {
            HttpResponse<byte[]> response = call.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            return new OutboundResponse(response.statusCode(), response.headers().map(), response.body());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timeout(target, budget);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new OutboundException(OutboundException.Kind.TIMEOUT, "The call to host '" + target.host()
                    + "' was interrupted");
        } catch (ExecutionException e) {
            throw failure(e.getCause(), target, budget);
        }
    }

    /** Says what happened in words a caller can use; never the exception's class or the JDK's text. */
    private OutboundException failure(Throwable cause, AddressPolicy.Target target, Duration budget) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLarge) {
                return new OutboundException(OutboundException.Kind.TOO_LARGE, "The answer of host '"
                        + target.host() + "' is larger than the limit of " + settings.maxResponseBytes() + " bytes");
            }
            if (t instanceof HttpTimeoutException) {
                return timeout(target, budget);
            }
            if (t instanceof ConnectException) {
                return new OutboundException(OutboundException.Kind.UNREACHABLE, "Could not connect to host '"
                        + target.host() + "'");
            }
        }
        String what = cause instanceof IOException ? "failed" : "failed unexpectedly";
        return new OutboundException(OutboundException.Kind.UNREACHABLE, "The call to host '" + target.host() + "' "
                + what);
    }

    private static OutboundException timeout(AddressPolicy.Target target, Duration budget) {
        return new OutboundException(OutboundException.Kind.TIMEOUT, "No complete answer from host '"
                + target.host() + "' within " + seconds(budget));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The URL with the checked address in place of the name: the JDK dials what it is given. */
    static URI atAddress(AddressPolicy.Target target) {
        InetAddress address = target.address();
        String literal = address.getHostAddress();
        int scope = literal.indexOf('%');
        if (scope >= 0) {
            literal = literal.substring(0, scope);
        }
        if (address instanceof Inet6Address) {
            literal = "[" + literal + "]";
        }
        URI uri = target.uri();
        return URI.create(target.scheme() + "://" + literal + ":" + target.port()
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static boolean hostHeaderSettable() {
        try {
            HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "probe");
            return true;
        } catch (IllegalArgumentException restricted) {
            return false;
        }
    }
}
