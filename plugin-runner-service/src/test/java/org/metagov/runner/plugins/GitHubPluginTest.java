package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.metagov.runner.plugins.github.GitHubPlugin;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookVerificationException;
import org.metagov.sdk.testkit.PluginHarness;

class GitHubPluginTest {

    static final String ISSUE = "{\"action\": \"opened\", \"installation\": {\"id\": 77}, \"sender\": {\"id\": 5}}";

    @Test
    void aSignedHookBecomesAnEventNamedAfterActionAndEvent() throws Exception {
        PluginHarness<GitHubPlugin> github = PluginHarness.start(GitHubPlugin.class,
                "{\"installation_id\": \"77\", \"webhook_secret\": \"shh\"}");
        github.webhook(ISSUE, "X-GitHub-Event", "issues", "X-Hub-Signature-256", "sha256=" + hmac("shh", ISSUE));
        assertEquals("opened issues", github.events().get(0).eventType());
        assertEquals("5", github.events().get(0).initiator().userId());
    }

    @Test
    void aBadSignatureEmitsNothing() {
        PluginHarness<GitHubPlugin> github = PluginHarness.start(GitHubPlugin.class,
                "{\"installation_id\": \"77\", \"webhook_secret\": \"shh\"}");
        assertEquals("X-Hub-Signature-256 does not match", assertThrows(WebhookVerificationException.class,
                () -> github.webhook(ISSUE, "X-GitHub-Event", "issues", "X-Hub-Signature-256",
                        "sha256=" + "ab".repeat(32))).getMessage());
        assertEquals("Missing header X-Hub-Signature-256", assertThrows(WebhookVerificationException.class,
                () -> github.webhook(ISSUE, "X-GitHub-Event", "issues")).getMessage());
        assertTrue(github.events().isEmpty());
    }

    @Test
    void platformWideHooksAreClaimedByInstallation() {
        PluginHarness<GitHubPlugin> github = PluginHarness.start(GitHubPlugin.class, "{\"installation_id\": \"77\"}");
        assertEquals("77", github.plugin().platformIdOf(request(ISSUE)));
        assertEquals("78", github.plugin().platformIdOf(request(ISSUE.replace("77", "78"))));
        assertEquals("", github.plugin().platformIdOf(request("{\"zen\": \"no installation\"}")));
    }

    private static WebhookRequest request(String body) {
        return new WebhookRequest("POST", "/api/hooks/github", "", Map.of("X-GitHub-Event", List.of("issues")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
