package io.synclane.api.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.synclane.common.auth.Dci2Signature;

/**
 * A remote agent proving who it is: either its api_secret itself (HTTP Basic {@code remoteci/<id>:<secret>}) or a
 * DCI2-HMAC-SHA256 signature of the request made with it. Never logged.
 */
public class AgentAuthenticationRequest extends BaseAuthenticationRequest {
    private final long remoteciId;
    private final String secret;
    private final Dci2Signature.Credential credential;
    private final Dci2Signature.Request request;

    private AgentAuthenticationRequest(long remoteciId, String secret, Dci2Signature.Credential credential,
            Dci2Signature.Request request) {
        this.remoteciId = remoteciId;
        this.secret = secret;
        this.credential = credential;
        this.request = request;
    }

    public static AgentAuthenticationRequest basic(long remoteciId, String secret) {
        return new AgentAuthenticationRequest(remoteciId, secret, null, null);
    }

    public static AgentAuthenticationRequest signed(long remoteciId, Dci2Signature.Credential credential,
            Dci2Signature.Request request) {
        return new AgentAuthenticationRequest(remoteciId, null, credential, request);
    }

    public long remoteciId() {
        return remoteciId;
    }

    /** The api_secret of a Basic login; null for a signed request. */
    public String secret() {
        return secret;
    }

    public Dci2Signature.Credential credential() {
        return credential;
    }

    public Dci2Signature.Request request() {
        return request;
    }

    @Override
    public String toString() {
        return "AgentAuthenticationRequest[remoteci/" + remoteciId + ", " + (secret != null ? "basic" : "signed") + "]";
    }
}
