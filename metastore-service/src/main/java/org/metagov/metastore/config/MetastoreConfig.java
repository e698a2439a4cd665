package org.metagov.metastore.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the service reads from configuration. Each property can be set from the environment, e.g.
 * {@code metastore.data-dir} from {@code METASTORE_DATA_DIR}; application.properties also maps the
 * shorter documented names ({@code METASTORE_JWKS_URL}, {@code METASTORE_ANONYMOUS_READ}).
 */
@ConfigMapping(prefix = "metastore")
public interface MetastoreConfig {

    /** Root directory: one bare git repository per dataset for the git backend; probed by readiness. */
    @WithDefault("data")
    Path dataDir();

    /** Which {@code StorageBackend} to use. */
    @WithDefault("git")
    Backend backend();

    /** Allow GET requests without a token (reads only; a token that is present must still be valid). */
    @WithDefault("false")
    boolean anonymousRead();

    /**
     * git backend: pack a dataset's loose objects in the background after this many commits to it
     * ({@code METASTORE_REPACK_EVERY}); 0 turns packing off.
     */
    @WithDefault("1000")
    int repackEvery();

    /**
     * git backend: how many dataset repositories stay open between requests ({@code METASTORE_OPEN_REPOSITORIES});
     * the least recently used is closed beyond that, so memory and file handles stay bounded however many
     * datasets are touched.
     */
    @WithDefault("256")
    int openRepositories();

    /** Written as {@code .lfsconfig} next to LFS pointer files when set, as metastore-lib does. */
    Optional<String> lfsServerUrl();

    Jwt jwt();

    GitHub github();

    Webhook webhook();

    interface Webhook {
        /** Where every change-feed event is POSTed ({@code METASTORE_WEBHOOK_URLS}, comma-separated); set by the operator. */
        Optional<List<String>> urls();

        /** Standard Webhooks signing secret ({@code METASTORE_WEBHOOK_SECRET}), {@code whsec_<base64>} preferred. */
        Optional<String> secret();

        /** Connect and response timeout of one delivery attempt. */
        @WithDefault("10s")
        Duration timeout();

        /** Attempts per event before it is given up (logged) and the next one is delivered. */
        @WithDefault("12")
        int maxAttempts();

        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("5m")
        Duration maxBackoff();
    }

    enum Backend {
        git, github
    }

    interface Jwt {
        /** HS256 shared secret, for drivers without a key infrastructure. */
        Optional<String> secret();

        /** RS256 public key: PEM text, a path to a PEM file, or base64 DER. */
        Optional<String> publicKey();

        /** RS256 keys fetched (and cached) from a JWKS endpoint, selected by {@code kid}. */
        Optional<String> jwksUrl();

        /** Required {@code iss} when set. */
        Optional<String> issuer();

        /** Required {@code aud} when set. */
        Optional<String> audience();

        /** Tolerated clock difference when checking {@code exp}/{@code nbf}. */
        @WithDefault("30")
        int clockSkewSeconds();
    }

    interface GitHub {
        @WithDefault("https://api.github.com")
        String apiUrl();

        /** Token with repo (and delete_repo, for purge) permissions. */
        Optional<String> token();

        /** Private repositories by default: dataset metadata is not public unless someone says so. */
        @WithDefault("true")
        boolean privateRepos();

        @WithDefault("20")
        int timeoutSeconds();
    }
}
