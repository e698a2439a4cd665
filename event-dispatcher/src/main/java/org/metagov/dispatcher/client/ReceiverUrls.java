package org.metagov.dispatcher.client;

import java.net.URI;

/** The receiver URL as logs and health may show it: no user info, query or fragment, which can carry secrets. */
public final class ReceiverUrls {

    private ReceiverUrls() {
    }

    public static String redacted(URI url) {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        return url.getScheme() + "://" + url.getHost() + port + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}
