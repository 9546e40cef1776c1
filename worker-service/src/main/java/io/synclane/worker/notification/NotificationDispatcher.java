package io.synclane.worker.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.notification.WebhookSecrets;
import io.synclane.common.notification.WebhookSignature;
import io.synclane.common.notification.WebhookTargets;
import io.synclane.common.notification.WebhookTargets.Policy;
import io.synclane.common.notification.WebhookTargets.Refused;
import io.synclane.common.notification.WebhookTargets.Target;
import io.synclane.common.persistence.DatabaseOutage;
import io.synclane.worker.config.AlmConfig;
import io.synclane.worker.config.NotificationConfig;
import io.synclane.worker.notification.NotificationStore.AttemptEnd;
import io.synclane.worker.notification.NotificationStore.ClaimedAttempt;
import io.synclane.worker.notification.NotificationStore.DeliveriesCreated;
import io.synclane.worker.notification.NotificationStore.State;
import io.synclane.worker.notification.WebhookSender.Answer;
import io.synclane.worker.service.RetryPolicy;
import io.synclane.worker.service.WorkerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends job-end notifications, never on a job's path: deliveries are made from {@code job-events} after the job's
 * end committed, and sent here, on threads of their own. Every replica claims due deliveries ({@code FOR UPDATE
 * SKIP LOCKED}, so they share them), up to {@code synclane.notifications.concurrency} at once; it wakes when this
 * process made deliveries, when a send finishes, and otherwise every {@code poll-interval}. Each attempt checks the
 * URL with the SSRF guard again (a name may resolve elsewhere now), POSTs the signed summary and records the attempt
 * as a notification run: a 2xx delivers; a network failure, a timeout, 408, 429 or 5xx is retried after an
 * exponential backoff with jitter (or the receiver's Retry-After) up to {@code max-attempts}; any other answer (a
 * redirect, which is never followed, or a 4xx) and a refused target fail the delivery at once.
 */
@ApplicationScoped
public class NotificationDispatcher {
    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);

    /** What an attempt did to its delivery, as {@code synclane_notifications_delivered_total{outcome}} counts it. */
    enum Outcome {
        DELIVERED("delivered"), RETRYING("retrying"), FAILED("failed");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    private final NotificationStore store;
    private final WebhookSender sender;
    private final NotificationConfig config;
    private final String publicUrl;
    private final WorkerIdentity identity;
    private final WebhookTargets targets;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;
    private ExecutorService senders;
    private Thread thread;

    public NotificationDispatcher(NotificationStore store, WebhookSender sender, NotificationConfig config,
            AlmConfig alm, WorkerIdentity identity, MeterRegistry meters) {
        this.store = store;
        this.sender = sender;
        this.config = config;
        this.publicUrl = alm.publicUrl();
        this.identity = identity;
        this.targets = new WebhookTargets(new Policy(config.allowHttp(), config.allowPrivateTargets()));
        // Registered up front, so that every series is served (and alerts read it) before the first delivery.
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("synclane.notifications.delivered")
                    .description("Webhook delivery attempts, by what they did to their delivery")
                    .tag("outcome", outcome.tag).register(meters));
        }
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        if (config.key().filter(key -> !key.isBlank()).isEmpty()) {
            LOG.warn("webhook deliveries are off: no notifications key (SYNCLANE_NOTIFICATIONS_KEY) to sign them with");
            return;
        }
        running = true;
        AtomicInteger threads = new AtomicInteger();
        senders = Executors.newFixedThreadPool(Math.max(1, config.concurrency()), task -> {
            Thread sending = new Thread(task, "notification-sender-" + threads.incrementAndGet());
            sending.setDaemon(true);
            return sending;
        });
        thread = new Thread(this::loop, "notification-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(5).toMillis());
            // An attempt cut short keeps its lease: another replica sends it again once that lapses.
            senders.shutdownNow();
            senders.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    void onCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveriesCreated created) {
        wake();
    }

    private void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    private void loop() {
        while (running) {
            try {
                int free = Math.max(1, config.concurrency()) - inFlight.get();
                List<ClaimedAttempt> claimed = free <= 0 ? List.of()
                        : store.claimDue(free, config.maxAttempts(), config.attemptLease(), identity.process());
                for (ClaimedAttempt attempt : claimed) {
                    inFlight.incrementAndGet();
                    senders.execute(() -> {
                        try {
                            deliver(attempt);
                        } finally {
                            inFlight.decrementAndGet();
                            wake();
                        }
                    });
                }
                if (free > 0 && claimed.size() == free) {
                    continue; // more may be due
                }
                wakeups.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("due webhook deliveries could not be claimed (trying again): %s", e.toString());
                try {
                    Thread.sleep(FAILURE_BACKOFF.toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    /** One attempt: checked, sent, recorded (waiting out a database outage rather than losing what was learnt). */
    void deliver(ClaimedAttempt attempt) {
        AttemptEnd end;
        try {
            end = send(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // stopping: the attempt's lease lapses and it is sent again
        } catch (RuntimeException e) {
            LOG.errorf(e, "webhook %d, delivery %d: attempt %d failed unexpectedly", attempt.webhookId(),
                    attempt.deliveryId(), attempt.attempt());
            end = decide(attempt, shown(attempt.url()), new Answer(null, Duration.ZERO, null,
                    "the attempt failed inside Synclane: " + e.getClass().getSimpleName(), ""), config);
        }
        AttemptEnd recorded = end;
        try {
            boolean kept = DatabaseOutage.retryWhileDown("recording webhook delivery " + attempt.deliveryId(),
                    () -> store.record(recorded));
            if (!kept) {
                LOG.infof("webhook %d, delivery %d: attempt %d ended after its lease; another replica has it",
                        attempt.webhookId(), attempt.deliveryId(), attempt.attempt());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Outcome outcome = recorded.state() == State.DELIVERED ? Outcome.DELIVERED
                : recorded.state() == State.PENDING ? Outcome.RETRYING : Outcome.FAILED;
        outcomes.get(outcome).increment();
        if (outcome == Outcome.DELIVERED) {
            LOG.debugf("webhook %d, delivery %d: %s", attempt.webhookId(), attempt.deliveryId(), recorded.stdout().strip());
        } else {
            LOG.infof("webhook %d, delivery %d, attempt %d: %s", attempt.webhookId(), attempt.deliveryId(),
                    attempt.attempt(), recorded.stderr().strip());
        }
    }

    private AttemptEnd send(ClaimedAttempt attempt) throws InterruptedException {
        String shown = shown(attempt.url());
        Target target;
        try {
            target = targets.check(attempt.url());
        } catch (Refused refused) {
            Answer none = new Answer(null, Duration.ZERO, null, "refused: " + refused.getMessage(), "");
            if (refused.retryable()) {
                return decide(attempt, shown, none, config); // the name may resolve again
            }
            return new AttemptEnd(attempt.deliveryId(), attempt.runId(), JobStatus.FAILURE,
                    "POST " + shown + " (not sent)\n", none.failure() + "\n", State.FAILED, null, null, none.failure());
        }
        byte[] body = WebhookPayload.of(attempt.deliveryId(), attempt.job(), publicUrl);
        String secret = WebhookSecrets.secret(config.key().orElseThrow(), attempt.webhookId(), attempt.secretNonce());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", WebhookSender.USER_AGENT);
        headers.put("X-Synclane-Event", WebhookPayload.EVENT);
        headers.put("X-Synclane-Delivery", String.valueOf(attempt.deliveryId()));
        headers.put(WebhookSignature.HEADER, WebhookSignature.header(secret, Instant.now().getEpochSecond(), body));
        return decide(attempt, shown, sender.post(target, headers, body), config);
    }

    /**
     * What an answer makes of the attempt and its delivery. Retried: no answer, 408, 429 and 5xx, after the
     * receiver's Retry-After (at least a second) or the backoff, both at most {@code retry-max-delay}, until the last
     * attempt. Failed at once: any other status but a 2xx.
     */
    static AttemptEnd decide(ClaimedAttempt attempt, String shown, Answer answer, NotificationConfig config) {
        String line = "POST " + shown + " \u2192 "
                + (answer.status() == null ? "no answer" : String.valueOf(answer.status())) + " in "
                + answer.took().toMillis() + " ms (delivery " + attempt.deliveryId() + ", attempt " + attempt.attempt()
                + " of " + config.maxAttempts() + ")\n";
        Integer status = answer.status();
        if (status != null && status >= 200 && status < 300) {
            return new AttemptEnd(attempt.deliveryId(), attempt.runId(), JobStatus.SUCCESS, line, "", State.DELIVERED,
                    null, status, null);
        }
        String why = status == null ? answer.failure()
                : "HTTP " + status + (status >= 300 && status < 400 ? ": redirects are not followed; give the webhook"
                        + " the URL it ends at" : "") + (answer.excerpt().isEmpty() ? "" : ": " + answer.excerpt());
        boolean retryable = status == null || status == 408 || status == 429 || status >= 500;
        if (!retryable) {
            return new AttemptEnd(attempt.deliveryId(), attempt.runId(), JobStatus.FAILURE, line, why + "\n",
                    State.FAILED, null, status, why);
        }
        if (attempt.attempt() >= config.maxAttempts()) {
            String gaveUp = "Gave up after " + attempt.attempt() + " attempts: " + why;
            return new AttemptEnd(attempt.deliveryId(), attempt.runId(), JobStatus.ERROR, line, gaveUp + "\n",
                    State.FAILED, null, status, gaveUp);
        }
        Duration wait = answer.retryAfter() != null
                ? clamp(answer.retryAfter(), Duration.ofSeconds(1), config.retryMaxDelay())
                : RetryPolicy.backoff(attempt.attempt(), config.retryBaseDelay(), config.retryMaxDelay());
        return new AttemptEnd(attempt.deliveryId(), attempt.runId(), JobStatus.ERROR, line,
                why + "\nretrying in " + seconds(wait) + "\n", State.PENDING, wait, status, why);
    }

    /**
     * The URL as a run shows it: scheme, host and port only. The team's members read runs; the path and query may
     * hold a receiver's own token (as chat webhooks' do), which only its admins see.
     */
    static String shown(String url) {
        try {
            URI uri = new URI(url);
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null;
            return uri.getScheme() + "://" + uri.getRawAuthority() + (bare ? "/" : "/\u2026");
        } catch (Exception e) {
            return "(an invalid URL)";
        }
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }

    private static String seconds(Duration wait) {
        return String.format(java.util.Locale.ROOT, "%.1f s", wait.toMillis() / 1000.0);
    }
}
