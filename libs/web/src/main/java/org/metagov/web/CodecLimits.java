package org.metagov.web;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Lets the Vert.x codec parse request lines and headers well past {@link HttpLimits}, so {@link RequestGuard}
 * answers 414 and 431 with JSON: a request the codec itself rejects gets an empty answer that no Quarkus or Vert.x
 * handler can change (Vert.x' invalid-request handler is not reachable from Quarkus 3.34). The codec limit stays
 * bounded, at what one body may cost, so parsing a request never holds more than a body would.
 */
@ApplicationScoped
public class CodecLimits implements HttpServerOptionsCustomizer {

    private final HttpLimits limits;

    public CodecLimits(HttpLimits limits) {
        this.limits = limits;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        int codecLimit = (int) Math.min(Integer.MAX_VALUE, Math.max(limits.maxBodyBytes(), 65_536));
        options.setMaxInitialLineLength(Math.max(options.getMaxInitialLineLength(), codecLimit));
        options.setMaxHeaderSize(Math.max(options.getMaxHeaderSize(), codecLimit));
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        customizeHttpServer(options);
    }
}
