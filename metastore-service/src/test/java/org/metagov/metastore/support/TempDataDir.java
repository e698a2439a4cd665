package org.metagov.metastore.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jgit.util.FileUtils;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A fresh data directory for one test class ({@code metastore.data-dir}), deleted afterwards; injectable as Path. */
public class TempDataDir implements QuarkusTestResourceLifecycleManager {

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("metastore-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("metastore.data-dir", dir.toString());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(dir, new TestInjector.MatchesType(Path.class));
    }

    @Override
    public void stop() {
        if (dir != null) {
            try {
                FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
            } catch (IOException e) {
                // a leftover temporary directory is harmless
            }
        }
    }
}
