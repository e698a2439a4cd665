package org.metagov.community;

/** Catalog records as plugin-runner publishes them; this test plays the runner. */
final class Catalog {
    static final String SOURCECRED = """
            {"name": "sourcecred", "description": "SourceCred", "actions": [], "processes": [], "webhookReceiver": false,
             "configSchema": {"type": "object", "properties": {"server_url": {"type": "string"}},
                              "required": ["server_url"]}}""";
    static final String TUTORIAL = """
            {"name": "tutorial", "description": "Seed 001", "actions": [], "processes": [], "webhookReceiver": true,
             "configSchema": {"type": "object",
               "properties": {"api_key": {"type": "string", "writeOnly": true},
                              "foo": {"type": "string", "default": "bar"},
                              "webhook_slug": {"type": "string"}},
               "required": ["api_key", "foo"]}}""";

    private Catalog() {
    }
}
