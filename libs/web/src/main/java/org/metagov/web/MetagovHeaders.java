package org.metagov.web;

/** Header names of Metagov's driver API, shared by the gateway and the services behind it. */
public final class MetagovHeaders {

    /** Names the community a call is for (seed 003); required by enable-plugin, actions and process start. */
    public static final String COMMUNITY = "X-Metagov-Community";

    private MetagovHeaders() {
    }
}
