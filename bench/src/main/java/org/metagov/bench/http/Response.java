package org.metagov.bench.http;

import java.nio.charset.StandardCharsets;

/** A status and the body's bytes, as {@link KeepAliveConnection} read them. */
public record Response(int status, byte[] body) {
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
