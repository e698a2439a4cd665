package org.metagov.gateway.client;

/**
 * What the service that owns a resource answered a driver's call, as it came: status, the headers a driver reads
 * (Content-Type, Location, ETag; null when absent) and the body's bytes (empty when none). The gateway relays it
 * unchanged, so every field the owner returns reaches the driver.
 */
public record OwnerAnswer(int status, String contentType, String location, String etag, byte[] body) {
}
