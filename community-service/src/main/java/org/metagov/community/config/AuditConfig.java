package org.metagov.community.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The audit trail's storage in community-service. */
@ConfigMapping(prefix = "metagov.audit")
public interface AuditConfig {

    /** How long entries are kept (METAGOV_AUDIT_RETENTION); older ones are deleted by a periodic task. */
    @WithDefault("90d")
    Duration retention();

    /** How often the retention delete runs. */
    @WithDefault("1h")
    Duration retentionCheckInterval();
}
