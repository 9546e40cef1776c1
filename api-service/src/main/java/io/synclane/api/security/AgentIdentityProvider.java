package io.synclane.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.synclane.api.service.Actor;
import io.synclane.api.service.AgentSecrets;
import io.synclane.common.auth.Dci2Signature;
import io.synclane.common.job.RunnerProcess;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Turns a remote agent's Basic login or signed request into the agent's {@link Actor}: the agent must exist, be
 * active, and its secret (derived by {@link AgentSecrets}) must match the one given or have made the signature.
 * Every refusal is the same authentication failure, whatever was wrong.
 */
@ApplicationScoped
public class AgentIdentityProvider implements IdentityProvider<AgentAuthenticationRequest> {
    private final DataSource dataSource;
    private final AgentSecrets secrets;

    public AgentIdentityProvider(DataSource dataSource, AgentSecrets secrets) {
        this.dataSource = dataSource;
        this.secrets = secrets;
    }

    @Override
    public Class<AgentAuthenticationRequest> getRequestType() {
        return AgentAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(AgentAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Actor actor = verify(request);
            if (actor == null) {
                throw new AuthenticationFailedException("remote agent not authenticated");
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(RunnerProcess.agentClaimant(request.remoteciId())))
                    .addAttribute(ActorIdentityProvider.ACTOR, actor)
                    .build();
        });
    }

    private Actor verify(AgentAuthenticationRequest request) {
        if (!secrets.configured()) {
            return null;
        }
        try (Connection connection = dataSource.getConnection()) {
            long teamId;
            byte[] nonce;
            byte[] digest;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT team_id, secret_nonce, secret_digest FROM remoteci WHERE id = ? AND state = 'active'")) {
                select.setLong(1, request.remoteciId());
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    teamId = rs.getLong(1);
                    nonce = rs.getBytes(2);
                    digest = rs.getBytes(3);
                }
            }
            boolean valid;
            if (request.secret() != null) {
                valid = AgentSecrets.matches(request.secret(), digest);
            } else {
                String secret = secrets.secret(request.remoteciId(), nonce);
                valid = AgentSecrets.matches(secret, digest)
                        && Dci2Signature.verify(request.credential(), request.request(), secret, Instant.now());
            }
            if (!valid) {
                return null;
            }
            try (PreparedStatement seen = connection.prepareStatement(
                    "UPDATE remoteci SET last_seen_at = now() WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < now() - interval '10 seconds')")) {
                seen.setLong(1, request.remoteciId());
                seen.executeUpdate();
            }
            return Actor.agent(teamId, request.remoteciId());
        } catch (SQLException e) {
            throw new IllegalStateException("the remote agent could not be checked", e); // not a refusal: a failure
        }
    }
}
