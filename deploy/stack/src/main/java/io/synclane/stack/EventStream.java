package io.synclane.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The demo's view of {@code GET /api/v2/jobs/stream}: prints each job event's status as it arrives, on the
 * HTTP client's own threads, until closed.
 */
final class EventStream implements AutoCloseable {
    private static final Set<String> FINAL = Set.of("success", "failure", "error", "killed", "cancelled");

    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final CountDownLatch finalEvent = new CountDownLatch(1);

    private EventStream(CompletableFuture<HttpResponse<Stream<String>>> response) {
        this.response = response;
    }

    /**
     * Opens the stream and waits briefly for its headers, so the job triggered next is seen from its first move;
     * a server that sends headers only with the first event is not waited for longer.
     */
    static EventStream open(HttpClient http, HttpRequest.Builder request, ObjectMapper json)
            throws InterruptedException {
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                request.header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        EventStream stream = new EventStream(response);
        response.thenAcceptAsync(r -> stream.print(r, json));
        try {
            response.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // printed by print() or not at all: the demo follows the job over HTTP either way
        }
        return stream;
    }

    private void print(HttpResponse<Stream<String>> r, ObjectMapper json) {
        if (r.statusCode() != 200) {
            System.out.println("demo: stream: answered " + r.statusCode() + ", following the job over HTTP only");
            r.body().close();
            return;
        }
        try (Stream<String> lines = r.body()) {
            lines.filter(l -> l.startsWith("data:")).forEach(line -> {
                try {
                    JsonNode event = json.readTree(line.substring("data:".length()).trim());
                    String status = event.path("status").asText();
                    String message = event.path("result_message").asText("");
                    System.out.printf("demo: stream: job %d %s%s%n", event.path("job_id").asLong(), status,
                            message.isEmpty() ? "" : " - " + message);
                    if (FINAL.contains(status)) {
                        finalEvent.countDown();
                    }
                } catch (IOException e) {
                    System.out.println("demo: stream: " + line);
                }
            });
        } catch (RuntimeException e) {
            // closed by us, or the server went away: either way the demo follows the job over HTTP
        }
    }

    /** Lets the stream print the job's last move, which may arrive just after the job reads as completed. */
    void awaitLastEvent(Duration timeout) throws InterruptedException {
        finalEvent.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
