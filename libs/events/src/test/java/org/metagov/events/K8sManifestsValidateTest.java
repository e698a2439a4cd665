package org.metagov.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs k8s/validate.sh (k8s/validate.py: every manifest parses, the services' settings and ports, probes,
 * NetworkPolicies, the rendered overlays) in the test command. It needs python3 with PyYAML; where that is missing
 * the test is reported as skipped, never passed.
 */
class K8sManifestsValidateTest {

    @Test
    void theManifestsPassValidateSh() throws IOException, InterruptedException {
        assumeTrue(run("python3", "-c", "import yaml").exitCode == 0, "python3 with PyYAML is not installed");
        Result result = run("bash", "../../k8s/validate.sh");
        assertEquals(0, result.exitCode, result.output);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}
