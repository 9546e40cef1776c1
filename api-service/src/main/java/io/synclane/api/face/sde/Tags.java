package io.synclane.api.face.sde;

/** The face's OpenAPI tags: each face prefixes its own, so /q/openapi groups operations by face. */
final class Tags {
    static final String FACE = "SD Elements v2: ";
    static final String CONNECTORS = FACE + "Connectors";
    static final String CONNECTIONS = FACE + "Connections";
    static final String CONNECTIVITY = FACE + "Connectivity tests";
    static final String JOBS = FACE + "Jobs";
    static final String PROJECTS = FACE + "Projects and tasks";
    static final String TEAMS = FACE + "Teams, users and tokens";

    private Tags() {
    }
}
