package io.synclane.api.client;

import io.synclane.api.config.ApiConfig;
import io.synclane.common.event.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How far the workers' consumer group is behind on {@code job-requests}: per partition, the log's end offset minus the
 * group's committed offset (the whole log where the group has committed nothing yet), summed. Read with Kafka's
 * AdminClient, at most once per {@code synclane.dashboard.lag-cache} (5 s) however many dashboards ask, and never
 * for longer than {@code synclane.dashboard.lag-timeout} (2.5 s): a broker that is down or slow gives a reading that
 * says so, never an exception (the cache and the timeout: {@code ApiConfig.Dashboard}). While one reading is under way, others get the previous one.
 */
@ApplicationScoped
public class JobRequestsLag {
    private static final Logger LOG = Logger.getLogger(JobRequestsLag.class);

    /**
     * A reading. {@code available} false: the broker could not be asked ({@code detail} says why), and {@code lag}
     * is -1. {@code partitions} is the topic's partition count.
     */
    public record Reading(boolean available, long lag, int partitions, String group, String detail, Instant readAt) {
    }

    private final String bootstrap;
    private final String group;
    private final Duration cacheFor;
    private final Duration timeout;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Reading last;
    private volatile long lastAt;
    private Admin admin;

    @Inject
    public JobRequestsLag(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, ApiConfig config) {
        this(bootstrap, config.dashboard().workerGroup(), config.dashboard().lagCache(), config.dashboard().lagTimeout());
    }

    /** A reader of that group's lag on that broker (a test points one at a broker that is not there). */
    public JobRequestsLag(String bootstrap, String group, Duration cacheFor, Duration timeout) {
        this.bootstrap = bootstrap;
        this.group = group;
        this.cacheFor = cacheFor;
        this.timeout = timeout;
    }

    /** The latest reading, taken now when the last one is older than the cache time. */
    public Reading current() {
        Reading cached = last;
        if (cached != null && System.nanoTime() - lastAt < cacheFor.toNanos()) {
            return cached;
        }
        if (!reading.tryLock()) {
            // Another request is asking the broker: its answer is as new as this one's would be.
            return cached != null ? cached : unavailable("the first reading is under way");
        }
        try {
            Reading fresh = read();
            last = fresh;
            lastAt = System.nanoTime();
            return fresh;
        } finally {
            reading.unlock();
        }
    }

    private Reading read() {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Admin client = admin();
            TopicDescription topic = client.describeTopics(List.of(Topics.JOB_REQUESTS)).allTopicNames()
                    .get(left(deadline), TimeUnit.NANOSECONDS).get(Topics.JOB_REQUESTS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topic.partitions().forEach(p -> latest.put(new TopicPartition(Topics.JOB_REQUESTS, p.partition()),
                    OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = client.listOffsets(latest).all()
                    .get(left(deadline), TimeUnit.NANOSECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(left(deadline), TimeUnit.NANOSECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()));
            }
            return new Reading(true, lag, topic.partitions().size(), group,
                    committed.isEmpty() ? "the group has committed no offset yet" : "", Instant.now());
        } catch (TimeoutException e) {
            return unavailable("the broker did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.debugf("job-requests lag unreadable: %s", cause.toString());
            return unavailable("the broker refused: " + cause.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        } catch (RuntimeException e) {
            LOG.debugf("job-requests lag unreadable: %s", e.toString());
            return unavailable("the broker could not be asked: " + e.getClass().getSimpleName());
        }
    }

    private Reading unavailable(String why) {
        return new Reading(false, -1, 0, group, why, Instant.now());
    }

    private static long left(long deadline) throws TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException();
        }
        return left;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties properties = new Properties();
            properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "synclane-api-dashboard");
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            // A broker that is down is retried in the background at most every 10 s, not every 50 ms.
            properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
            admin = Admin.create(properties);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
