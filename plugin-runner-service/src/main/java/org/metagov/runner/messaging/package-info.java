/**
 * What the runner puts on Kafka (driver events, identity commands, the catalog, process updates from the outbox)
 * and which partitions it owns. Called by {@code service/}; imports no service class.
 */
package org.metagov.runner.messaging;
