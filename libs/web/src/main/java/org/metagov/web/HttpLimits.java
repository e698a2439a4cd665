package org.metagov.web;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What one request may be, enforced by {@link RequestGuard} with JSON answers before any resource sees it. */
@ConfigMapping(prefix = "metagov.http")
public interface HttpLimits {

    /** The largest body, announced (Content-Length) or chunked: 413 past it. */
    @WithDefault("1048576")
    long maxBodyBytes();

    /** The longest request target (path and query): 414 past it. */
    @WithDefault("4096")
    int maxUriLength();

    /** The most bytes of header fields (names, values, separators): 431 past it. */
    @WithDefault("20480")
    int maxHeaderBytes();

    /** How long a client may take to send the body once the headers are in: 408 and closed past it. */
    @WithDefault("30s")
    Duration bodyTimeout();
}
