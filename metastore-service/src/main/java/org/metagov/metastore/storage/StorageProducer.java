package org.metagov.metastore.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.metagov.metastore.config.MetastoreConfig;
import org.metagov.metastore.storage.git.GitStorageBackend;
import org.metagov.metastore.storage.github.GitHubClient;
import org.metagov.metastore.storage.github.GitHubStorageBackend;

import io.quarkus.logging.Log;

/** Chooses the backend from {@code metastore.backend} ({@code METASTORE_BACKEND=git|github}). */
public class StorageProducer {

    @Produces
    @ApplicationScoped
    StorageBackend backend(MetastoreConfig config, ObjectMapper mapper) {
        return switch (config.backend()) {
            case git -> {
                Log.infof("Storing datasets as git repositories under %s", config.dataDir().toAbsolutePath());
                yield new GitStorageBackend(config.dataDir(), config.repackEvery(), config.openRepositories());
            }
            case github -> {
                MetastoreConfig.GitHub github = config.github();
                Log.infof("Storing datasets as repositories at %s", github.apiUrl());
                yield new GitHubStorageBackend(new GitHubClient(github, mapper), github.privateRepos());
            }
        };
    }

    void close(@Disposes StorageBackend backend) {
        if (backend instanceof GitStorageBackend git) {
            git.close();
        }
    }
}
