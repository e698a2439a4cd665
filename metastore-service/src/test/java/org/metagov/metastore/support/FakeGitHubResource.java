package org.metagov.metastore.support;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the {@link FakeGitHub} on a WireMock server for one test class and points the service's github backend
 * at it (plus a temporary data directory). Test classes get the server and the fake in fields of those types.
 */
public class FakeGitHubResource implements QuarkusTestResourceLifecycleManager {

    private final TempDataDir dataDir = new TempDataDir();
    private WireMockServer server;
    private FakeGitHub github;

    @Override
    public Map<String, String> start() {
        github = new FakeGitHub();
        server = new WireMockServer(options().dynamicPort().containerThreads(32).extensions(github));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ok()));
        github.baseUrl(server.baseUrl());
        Map<String, String> config = new HashMap<>(dataDir.start());
        config.put("metastore.backend", "github");
        config.put("metastore.github.api-url", server.baseUrl());
        config.put("metastore.github.token", FakeGitHub.TOKEN);
        config.put("metastore.github.timeout-seconds", "10");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.MatchesType(WireMockServer.class));
        testInjector.injectIntoFields(github, new TestInjector.MatchesType(FakeGitHub.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
        dataDir.stop();
    }
}
