package org.metagov.process.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class CallbackUrlPolicyTest {

    final CallbackUrlPolicy strict = new CallbackUrlPolicy(false, false);
    final CallbackUrlPolicy local = new CallbackUrlPolicy(true, false);

    @Test
    void byDefaultOnlyPublicAddressesMayBeCalled() {
        assertEquals(Optional.empty(), strict.refusal("https://93.184.215.14/receive-outcome/4"));
        assertRefused(strict, "http://127.0.0.1:3000/cb", "loopback");
        assertRefused(strict, "http://[::1]:3000/cb", "loopback");
        assertRefused(strict, "http://localhost:3000/cb", "loopback");
        assertRefused(strict, "http://169.254.169.254/latest/meta-data", "link-local");
        assertRefused(strict, "http://[fe80::1]/cb", "link-local");
        assertRefused(strict, "http://10.1.2.3/cb", "private");
        assertRefused(strict, "http://172.16.0.9/cb", "private");
        assertRefused(strict, "http://192.168.0.1/cb", "private");
        assertRefused(strict, "http://100.64.0.1/cb", "private");
        assertRefused(strict, "http://[fc00::5]/cb", "private");
        assertRefused(strict, "http://0.0.0.0/cb", "unspecified");
        assertRefused(strict, "http://224.0.0.1/cb", "multicast");
    }

    @Test
    void loopbackCanBeAllowedForLocalDrivers() {
        assertEquals(Optional.empty(), local.refusal("http://127.0.0.1:3000/cb"));
        assertEquals(Optional.empty(), local.refusal("http://localhost:3000/cb"));
        assertRefused(local, "http://10.1.2.3/cb", "private");
        assertRefused(local, "http://169.254.169.254/", "link-local");
        assertTrue(new CallbackUrlPolicy(false, true).refusal("http://10.1.2.3/cb").isEmpty());
    }

    @Test
    void onlyHttpUrlsWithAHostAndNoCredentials() {
        assertRefused(strict, "ftp://93.184.215.14/x", "http or https");
        assertRefused(strict, "file:///etc/passwd", "http or https");
        assertRefused(strict, "http:///nohost", "no host");
        assertRefused(strict, "http://user:pw@93.184.215.14/x", "credentials");
        assertRefused(strict, "not a url", "not a valid URL");
        assertRefused(strict, "http://no-such-host.invalid/x", "does not resolve");
    }

    private static void assertRefused(CallbackUrlPolicy policy, String url, String why) {
        Optional<String> refusal = policy.refusal(url);
        assertTrue(refusal.isPresent() && refusal.get().contains(why), url + " -> " + refusal);
    }
}
