package io.synclane.api.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A user's name or email with one of their API keys, as HTTP Basic carries them on the DCI face; never logged. */
public class UserKeyAuthenticationRequest extends BaseAuthenticationRequest {
    private final String user;
    private final String key;

    public UserKeyAuthenticationRequest(String user, String key) {
        this.user = user;
        this.key = key;
    }

    public String user() {
        return user;
    }

    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return "UserKeyAuthenticationRequest[user=" + user + ", key=***]";
    }
}
