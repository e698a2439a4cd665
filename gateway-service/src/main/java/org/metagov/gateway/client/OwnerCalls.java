package org.metagov.gateway.client;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** The one way the clients bound a call in time, name its service in failures, and take an answer as it came. */
final class OwnerCalls {

    private OwnerCalls() {
    }

    /** {@code call} bounded by {@code timeout}; every failure becomes a {@link DependencyFailure} naming the service. */
    static <T> Uni<T> guarded(String service, Duration timeout, Supplier<Uni<T>> call) {
        return Uni.createFrom().<T>deferred(call::get)
                .ifNoItem().after(timeout).failWith(() -> DependencyFailure.timedOut(service, timeout))
                .onFailure(e -> !(e instanceof DependencyFailure))
                .transform(e -> DependencyFailure.unavailable(service, e));
    }

    static Uni<OwnerAnswer> relayed(String service, Duration timeout, Supplier<Uni<Response>> call) {
        return guarded(service, timeout, call).map(OwnerCalls::answer);
    }

    static OwnerAnswer answer(Response response) {
        try (response) {
            byte[] body = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
            return new OwnerAnswer(response.getStatus(), response.getHeaderString(HttpHeaders.CONTENT_TYPE),
                    response.getHeaderString(HttpHeaders.LOCATION), response.getHeaderString(HttpHeaders.ETAG),
                    body == null ? new byte[0] : body);
        }
    }
}
