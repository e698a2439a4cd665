package org.metagov.sdk.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.outbound.OutboundClient;
import org.metagov.outbound.OutboundException;
import org.metagov.outbound.OutboundRequest;
import org.metagov.outbound.OutboundResponse;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;

/**
 * {@link PlatformHttp} over the one outbound client of libs/outbound; the runner and the plugin test kit both give
 * plugins this one, so a plugin behaves in its tests as it does in the runner. {@code outcomes} hears one bounded
 * label per call (for metrics): {@code ok}, {@code status_4xx}, {@code status_5xx}, or the failure's kind.
 */
public final class OutboundPlatformHttp implements PlatformHttp {

    private final OutboundClient client;
    private final boolean trusted;
    private final Consumer<String> outcomes;

    public OutboundPlatformHttp(OutboundClient client, Consumer<String> outcomes) {
        this(client, false, outcomes);
    }

    private OutboundPlatformHttp(OutboundClient client, boolean trusted, Consumer<String> outcomes) {
        this.client = client;
        this.trusted = trusted;
        this.outcomes = outcomes;
    }

    @Override
    public PlatformResponse get(String url, Map<String, String> headers) {
        return send(OutboundRequest.get(uri(url)), headers);
    }

    @Override
    public PlatformResponse postJson(String url, JsonNode body, Map<String, String> headers) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body cannot be written as JSON", e);
        }
        return send(OutboundRequest.post(uri(url), "application/json", bytes), headers);
    }

    @Override
    public PlatformResponse send(String method, String url, String contentType, byte[] body,
            Map<String, String> headers) {
        OutboundRequest request = new OutboundRequest(method, uri(url),
                contentType == null ? Map.of() : Map.of("Content-Type", contentType), body, false, null);
        return send(request, headers);
    }

    @Override
    public PlatformHttp trusted() {
        return new OutboundPlatformHttp(client, true, outcomes);
    }

    private PlatformResponse send(OutboundRequest request, Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request = request.header(header.getKey(), header.getValue());
        }
        if (trusted) {
            request = request.asTrusted();
        }
        OutboundResponse response;
        try {
            response = client.send(request);
        } catch (OutboundException e) {
            outcomes.accept(e.kind().name().toLowerCase());
            if (e.isCallerFault()) {
                throw PluginException.badRequest(e.getMessage());
            }
            throw e.kind() == OutboundException.Kind.TIMEOUT ? PluginException.timeout(e.getMessage())
                    : PluginException.failure(e.getMessage(), null);
        }
        outcomes.accept(response.isSuccess() ? "ok" : "status_" + response.status() / 100 + "xx");
        return new PlatformResponse(request.uri().getHost(), response.status(), response.headers(), response.body());
    }

    private URI uri(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            outcomes.accept("invalid_url");
            throw PluginException.badRequest("'" + url + "' is not a valid URL");
        }
    }
}
