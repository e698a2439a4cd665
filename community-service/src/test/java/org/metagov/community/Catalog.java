package org.metagov.community;

/** Catalog records as plugin-runner publishes them; this test plays the runner. */
final class Catalog {
    static final String SOURCECRED = """
            {"name": "sourcecred", "description": "SourceCred", "actions": [], "processes": [], "webhookReceiver": false,
             "authType": "none", "platformIdKey": "server_url",
             "configSchema": {"type": "object", "properties": {"server_url": {"type": "string"}},
                              "required": ["server_url"]}}""";
    static final String TUTORIAL = """
            {"name": "tutorial", "description": "Seed 001", "actions": [], "processes": [], "webhookReceiver": true,
             "authType": "api_key",
             "configSchema": {"type": "object",
               "properties": {"api_key": {"type": "string", "writeOnly": true},
                              "foo": {"type": "string", "default": "bar"},
                              "webhook_slug": {"type": "string"}},
               "required": ["api_key", "foo"]}}""";
    /** An OAuth plugin whose platform id is an integer-looking config value, with an optional secret. */
    static final String GITHUB = """
            {"name": "github", "description": "GitHub", "actions": [], "processes": [], "webhookReceiver": true,
             "authType": "oauth", "platformIdKey": "installation_id",
             "configSchema": {"type": "object",
               "properties": {"installation_id": {"type": "string"}, "owner": {"type": "string"},
                              "webhook_secret": {"type": "string", "writeOnly": true}},
               "required": ["installation_id"]}}""";
    /** A plugin with a config property named config: a body {"config": {...}} is its config, not a wrapper. */
    static final String NESTED = """
            {"name": "nested", "description": "Has a config property", "actions": [], "processes": [],
             "webhookReceiver": false,
             "configSchema": {"type": "object", "properties": {"config": {"type": "object"}}}}""";
    /** A plugin from a runner older than authType and platformIdKey. */
    static final String OLD_RUNNER = """
            {"name": "old-runner", "description": "No authType", "actions": [], "processes": [],
             "webhookReceiver": false, "configSchema": {"type": "object"}}""";

    private Catalog() {
    }
}
