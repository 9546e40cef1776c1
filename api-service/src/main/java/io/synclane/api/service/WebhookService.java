package io.synclane.api.service;

import io.synclane.api.config.ApiConfig;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.Webhook;
import io.synclane.common.notification.WebhookSecrets;
import io.synclane.common.notification.WebhookTargets;
import io.synclane.common.notification.WebhookTargets.Policy;
import io.synclane.common.notification.WebhookTargets.Refused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A team's job-end notifications: managed by its admins only (a URL may carry a receiver's own token), each with a
 * signing secret shown once, on creation and on rotation. A URL is checked by the SSRF guard as it is saved (and
 * again by the workers before each delivery): {@code https} only, and never to the service's own network, unless
 * the operator allows it. Everything is checked before anything is written.
 */
@ApplicationScoped
public class WebhookService {
    /** How many webhooks a team may have: each job end is a POST to every matching one. */
    public static final int MAX_PER_TEAM = 50;
    /** How many connections one webhook may name. */
    public static final int MAX_CONNECTIONS = 1000;
    /** The statuses a job ends with, the ones a webhook may choose, in the order views list them. */
    public static final List<String> ENDED = List.of(JobStatus.SUCCESS.wire(), JobStatus.FAILURE.wire(),
            JobStatus.ERROR.wire(), JobStatus.KILLED.wire());

    /** What a client sends; null fields are left as they are on PATCH (on creation: all statuses, all connections, active). */
    public record WebhookInput(String url, List<String> statuses, List<Long> connections, Boolean active) {
        public static WebhookInput empty() {
            return new WebhookInput(null, null, null, null);
        }
    }

    /** A webhook with the secret it was just given: the one moment the secret is shown. */
    public record WebhookWithSecret(Webhook webhook, String secret) {
    }

    private final ApiConfig config;
    private final WebhookTargets targets;

    public WebhookService(ApiConfig config) {
        this.config = config;
        this.targets = new WebhookTargets(new Policy(config.notifications().allowHttp(),
                config.notifications().allowPrivateTargets()));
    }

    public Page<Webhook> list(Actor caller, PageRequest page) {
        requireAdmin(caller);
        return Page.of(Webhook.find("teamId = ?1 order by id", caller.teamId()), page);
    }

    /** One of the team's webhooks; another team's is {@link NotFound} as if it did not exist. */
    public Webhook get(Actor caller, long id) {
        Webhook webhook = Webhook.findById(id);
        if (webhook == null || webhook.teamId != caller.teamId()) {
            throw new NotFound();
        }
        requireAdmin(caller);
        return webhook;
    }

    @Transactional
    public WebhookWithSecret create(Actor caller, WebhookInput input) {
        requireAdmin(caller);
        if (input == null || input.url() == null) {
            throw InvalidField.required("url");
        }
        String url = url(input.url());
        String[] statuses = input.statuses() == null ? ENDED.toArray(String[]::new) : statuses(input.statuses());
        long[] connections = input.connections() == null ? new long[0] : connections(caller, input.connections());
        String key = requireKey();
        if (Webhook.count("teamId", caller.teamId()) >= MAX_PER_TEAM) {
            throw new Conflict("A team has at most " + MAX_PER_TEAM + " webhooks.");
        }
        Webhook webhook = new Webhook();
        webhook.teamId = caller.teamId();
        webhook.url = url;
        webhook.statuses = statuses;
        webhook.connectionIds = connections;
        webhook.active = input.active() == null || input.active();
        webhook.secretNonce = WebhookSecrets.newNonce();
        webhook.createdAt = now();
        webhook.updatedAt = webhook.createdAt;
        webhook.persistAndFlush(); // the id is part of the secret
        return new WebhookWithSecret(webhook, WebhookSecrets.secret(key, webhook.id, webhook.secretNonce));
    }

    @Transactional
    public Webhook update(Actor caller, long id, WebhookInput input) {
        Webhook webhook = get(caller, id);
        String url = input.url() == null ? null : url(input.url());
        String[] statuses = input.statuses() == null ? null : statuses(input.statuses());
        long[] connections = input.connections() == null ? null : connections(caller, input.connections());
        if (url != null) {
            webhook.url = url;
        }
        if (statuses != null) {
            webhook.statuses = statuses;
        }
        if (connections != null) {
            webhook.connectionIds = connections;
        }
        if (input.active() != null) {
            webhook.active = input.active();
        }
        webhook.updatedAt = now();
        return webhook;
    }

    @Transactional
    public void delete(Actor caller, long id) {
        get(caller, id).delete();
    }

    /** A new secret; the old one no longer signs anything from now on. */
    @Transactional
    public WebhookWithSecret rotateSecret(Actor caller, long id) {
        Webhook webhook = get(caller, id);
        String key = requireKey();
        webhook.secretNonce = WebhookSecrets.newNonce();
        webhook.updatedAt = now();
        return new WebhookWithSecret(webhook, WebhookSecrets.secret(key, webhook.id, webhook.secretNonce));
    }

    /** Webhooks are their team's admins' (or the operator's) to see and change. */
    private static void requireAdmin(Actor caller) {
        caller.requireManages(caller.teamId());
    }

    private String requireKey() {
        return config.notifications().key().filter(key -> !key.isBlank()).orElseThrow(() -> new Conflict(
                "Webhooks are not enabled: the service has no notifications key (SYNCLANE_NOTIFICATIONS_KEY)."));
    }

    /** A URL the SSRF guard lets through, resolved now; refused naming {@code url}, saying why. */
    private String url(String url) {
        String trimmed = Texts.bounded("url", url, Texts.URL_MAX).strip();
        if (trimmed.isEmpty()) {
            throw InvalidField.blank("url");
        }
        try {
            targets.check(trimmed);
        } catch (Refused e) {
            throw new InvalidField("url", e.getMessage());
        }
        return trimmed;
    }

    private static String[] statuses(List<String> given) {
        if (given.isEmpty()) {
            throw new InvalidField("statuses", "Choose at least one of " + String.join(", ", ENDED) + ".");
        }
        Set<String> chosen = new HashSet<>();
        for (String status : given) {
            if (status == null) {
                throw new InvalidField("statuses", "This list may not contain null.");
            }
            Texts.bounded("statuses", status, Texts.NAME_MAX);
            if (!ENDED.contains(status)) {
                throw new InvalidField("statuses", "\"" + status + "\" is not a valid choice; choose among "
                        + String.join(", ", ENDED) + ".");
            }
            chosen.add(status);
        }
        return ENDED.stream().filter(chosen::contains).toArray(String[]::new);
    }

    /** The team's connections of these ids (either kind), each once; an id the team has not is refused naming it. */
    private static long[] connections(Actor caller, List<Long> given) {
        if (given.size() > MAX_CONNECTIONS) {
            throw new InvalidField("connections", "Ensure this list has no more than " + MAX_CONNECTIONS + " items.");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (Long id : given) {
            if (id == null) {
                throw new InvalidField("connections", "This list may not contain null.");
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            return new long[0];
        }
        Set<Long> known = new HashSet<>(Connection.getEntityManager()
                .createQuery("select c.id from Connection c where c.teamId = ?1 and c.id in ?2", Long.class)
                .setParameter(1, caller.teamId()).setParameter(2, ids).getResultList());
        for (Long id : ids) {
            if (!known.contains(id)) {
                throw InvalidField.unknownReference("connections", id);
            }
        }
        return ids.stream().sorted().mapToLong(Long::longValue).toArray();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
