package org.metagov.runner.testplugins.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/** A process that stays pending until its instance is torn down. */
@GovernanceProcess(name = "hold", description = "Pending until closed by the runner")
public class HoldProcess extends ProcessBase<LifecyclePlugin> {

    @Override
    public void start(JsonNode parameters) {
        setStatus(ProcessStatus.PENDING);
    }
}
