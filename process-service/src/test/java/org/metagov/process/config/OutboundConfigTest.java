package org.metagov.process.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The service's own application.properties, read with a given environment, as at start outside tests. */
class OutboundConfigTest {

    @Test
    void byDefaultCallbacksMayReachPublicAddressesOnly() throws Exception {
        OutboundConfig config = withEnvironment(Map.of());

        assertFalse(config.allowLoopback());
        assertFalse(config.allowPrivate());
        assertEquals(Optional.empty(), config.allowedNetworks());
    }

    @Test
    void theNewSettingsAreRead() throws Exception {
        OutboundConfig config = withEnvironment(Map.of("METAGOV_OUTBOUND_ALLOW_LOOPBACK", "true",
                "METAGOV_OUTBOUND_ALLOW_PRIVATE", "true", "METAGOV_OUTBOUND_ALLOWED_NETWORKS", "10.20.0.0/16,fd00::/8"));

        assertTrue(config.allowLoopback());
        assertTrue(config.allowPrivate());
        assertEquals(Optional.of(List.of("10.20.0.0/16", "fd00::/8")), config.allowedNetworks());
    }

    @Test
    void theOldNamesStillWork() throws Exception {
        assertTrue(withEnvironment(Map.of("PROCESS_CALLBACK_ALLOW_LOOPBACK", "true")).allowLoopback());
        assertTrue(withEnvironment(Map.of("PROCESS_CALLBACK_ALLOW_PRIVATE", "true")).allowPrivate());
        // the canonical environment names of process.callbacks.*, as k8s/ used them
        assertTrue(withEnvironment(Map.of("PROCESS_CALLBACKS_ALLOW_LOOPBACK", "true")).allowLoopback());
        assertTrue(withEnvironment(Map.of("PROCESS_CALLBACKS_ALLOW_PRIVATE", "true")).allowPrivate());
    }

    @Test
    void theNewNameWinsOverAnOldOne() throws Exception {
        OutboundConfig config = withEnvironment(Map.of("METAGOV_OUTBOUND_ALLOW_LOOPBACK", "false",
                "PROCESS_CALLBACK_ALLOW_LOOPBACK", "true"));

        assertFalse(config.allowLoopback());
    }

    private static OutboundConfig withEnvironment(Map<String, String> environment) throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        OutboundConfigTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withMapping(OutboundConfig.class)
                .build();
        return config.getConfigMapping(OutboundConfig.class);
    }
}
