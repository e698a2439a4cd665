package org.metagov.gateway.client;

import java.net.URI;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;

import org.metagov.gateway.config.GatewayConfig;
import org.metagov.web.ApiException;

/**
 * Passes a driver's call to the service that owns the resource and its answer back unchanged: the owning service
 * speaks the seed contract itself, so the gateway adds no second interpretation of it.
 */
@ApplicationScoped
public class ServiceForwarder {

    static final String COMMUNITY_HEADER = "X-Metagov-Community";
    private static final List<String> PASSED_BACK = List.of("Content-Type", "Location", "ETag");

    private final WebClient client;
    private final GatewayConfig config;

    public ServiceForwarder(Vertx vertx, GatewayConfig config) {
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(50)
                .setFollowRedirects(false));
        this.config = config;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<Response> forward(String baseUrl, String method, String pathAndQuery, String community,
            String contentType, byte[] body) {
        HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(method), baseUrl + pathAndQuery)
                .timeout(config.forwardTimeout().toMillis());
        if (community != null) {
            request.putHeader(COMMUNITY_HEADER, community);
        }
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        request.putHeader("Accept", MediaType.APPLICATION_JSON);
        Uni<io.vertx.mutiny.ext.web.client.HttpResponse<Buffer>> sent = body == null || body.length == 0
                ? request.send()
                : request.sendBuffer(Buffer.buffer(body));
        return sent.map(answer -> {
            Response.ResponseBuilder response = Response.status(answer.statusCode());
            for (String header : PASSED_BACK) {
                String value = answer.getHeader(header);
                if (value != null) {
                    response.header(header, header.equals("Location") ? pathOnly(value) : value);
                }
            }
            Buffer answerBody = answer.body();
            if (answerBody != null && answerBody.length() > 0) {
                response.entity(answerBody.getBytes());
            }
            return response.build();
        }).onFailure(e -> !(e instanceof ApiException)).transform(e -> ApiException.unavailable(
                "The " + URI.create(baseUrl).getPort() + " service is unavailable; retry later"));
    }

    /** The owner's absolute Location names its own host; the driver must be sent back through the gateway. */
    static String pathOnly(String location) {
        try {
            URI uri = URI.create(location);
            if (!uri.isAbsolute()) {
                return location;
            }
            return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return location;
        }
    }
}
