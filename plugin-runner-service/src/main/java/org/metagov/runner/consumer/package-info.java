/**
 * The runner's Kafka consumers, one class per topic: the inbound side, as {@code rest/} is in the other services.
 * They read records and call {@code service/}; nothing in {@code service/} or {@code messaging/} imports them.
 * Layers: {@code consumer -> service -> messaging | repository}; {@code messaging/} (producers) imports no service.
 */
package org.metagov.runner.consumer;
