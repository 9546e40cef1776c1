package io.synclane.api.service;

import io.synclane.common.domain.RemoteAgent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * A team's remote agents: registered by a team admin, each with an api_secret shown once (on creation and on
 * rotation, never again), renamed, switched inactive or deleted with the version read (ETag). Members of the
 * team see them; an agent sees itself.
 */
@ApplicationScoped
public class RemoteAgentService {
    public static final int NAME_MAX = Texts.NAME_MAX;

    /** An agent to register: its name, and the team (the caller's own when null). */
    public record NewRemoteAgent(String name, Long teamId) {
    }

    /** What a change sets; null leaves a field as it is. */
    public record RemoteAgentChange(String name, String state) {
    }

    /** An agent with the secret it was just given: the one moment the secret is shown. */
    public record AgentWithSecret(RemoteAgent agent, String apiSecret) {
    }

    private final AgentSecrets secrets;

    public RemoteAgentService(AgentSecrets secrets) {
        this.secrets = secrets;
    }

    @Transactional
    public AgentWithSecret create(Actor caller, NewRemoteAgent command) {
        long teamId = command.teamId() == null ? caller.teamId() : command.teamId();
        if (teamId != caller.teamId() && !caller.superuser()) {
            throw new ForeignRecord();
        }
        caller.requireManages(teamId);
        String name = name(command.name());
        if (RemoteAgent.count("teamId = ?1 and name = ?2", teamId, name) > 0) {
            throw new Conflict("The team already has a remote agent named \"" + name + "\".");
        }
        secrets.requireConfigured();
        RemoteAgent agent = new RemoteAgent();
        agent.teamId = teamId;
        agent.name = name;
        agent.secretNonce = AgentSecrets.newNonce();
        agent.secretDigest = new byte[0];
        agent.createdAt = now();
        agent.updatedAt = agent.createdAt;
        agent.persistAndFlush(); // the id is part of the secret
        String secret = secrets.secret(agent.id, agent.secretNonce);
        agent.secretDigest = AgentSecrets.digest(secret);
        return new AgentWithSecret(agent, secret);
    }

    public RemoteAgent get(Actor caller, long id) {
        RemoteAgent agent = RemoteAgent.findById(id);
        if (agent == null) {
            throw new NotFound();
        }
        if (agent.teamId != caller.teamId()) {
            throw new ForeignRecord();
        }
        return agent;
    }

    /** The team's agents, oldest first, one page, and how many there are. */
    public Page<RemoteAgent> list(Actor caller, int limit, long offset) {
        List<RemoteAgent> agents = RemoteAgent.find("teamId = ?1 order by id", caller.teamId())
                .range((int) offset, (int) Math.min(Integer.MAX_VALUE, offset + limit - 1)).list();
        long count = RemoteAgent.count("teamId", caller.teamId());
        return new Page<>(agents, count);
    }

    /** One page of records and the count of all. */
    public record Page<T>(List<T> items, long count) {
    }

    @Transactional
    public RemoteAgent update(Actor caller, long id, String etag, RemoteAgentChange change) {
        RemoteAgent agent = guarded(caller, id, etag);
        if (change.name() != null) {
            String name = name(change.name());
            if (!name.equals(agent.name) && RemoteAgent.count("teamId = ?1 and name = ?2", agent.teamId, name) > 0) {
                throw new Conflict("The team already has a remote agent named \"" + name + "\".");
            }
            agent.name = name;
        }
        if (change.state() != null) {
            Texts.bounded("state", change.state(), Texts.NAME_MAX);
            if (!List.of("active", "inactive").contains(change.state())) {
                throw new InvalidField("state", "must be active or inactive");
            }
            agent.state = change.state();
        }
        agent.updatedAt = later(agent.updatedAt);
        return agent;
    }

    @Transactional
    public void delete(Actor caller, long id, String etag) {
        guarded(caller, id, etag).delete();
    }

    /** A new secret; the old one stops working at once. */
    @Transactional
    public AgentWithSecret rotateSecret(Actor caller, long id, String etag) {
        RemoteAgent agent = guarded(caller, id, etag);
        agent.secretNonce = AgentSecrets.newNonce();
        String secret = secrets.secret(agent.id, agent.secretNonce);
        agent.secretDigest = AgentSecrets.digest(secret);
        agent.updatedAt = later(agent.updatedAt);
        return new AgentWithSecret(agent, secret);
    }

    /** An agent's ETag: a new one after every change. */
    public static String etag(RemoteAgent agent) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, agent.updatedAt);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest((agent.id + ":" + micros).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** The agent locked for a change by a team admin, if {@code etag} is its current version. */
    private RemoteAgent guarded(Actor caller, long id, String etag) {
        RemoteAgent agent = RemoteAgent.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (agent == null) {
            throw new NotFound();
        }
        if (agent.teamId != caller.teamId() && !caller.superuser()) {
            throw new ForeignRecord();
        }
        caller.requireManages(agent.teamId);
        if (etag == null) {
            throw VersionMismatch.missing();
        }
        if (!etag.equals(etag(agent))) {
            throw VersionMismatch.stale();
        }
        return agent;
    }

    private static String name(String name) {
        if (name == null) {
            throw InvalidField.required("name");
        }
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw InvalidField.blank("name");
        }
        return Texts.bounded("name", trimmed, NAME_MAX);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Strictly later than {@code before}, so that two changes in one microsecond still differ in ETag. */
    private static Instant later(Instant before) {
        Instant now = now();
        return now.isAfter(before) ? now : before.plus(1, ChronoUnit.MICROS);
    }
}
