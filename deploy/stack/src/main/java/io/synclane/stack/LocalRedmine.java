package io.synclane.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The Redmine that {@code deploy/redmine} runs on this machine (127.0.0.1, {@code SYNCLANE_REDMINE_PORT},
 * default 3000), with its admin's REST API key: what the ALM tests and the demo sync against.
 */
public record LocalRedmine(String url, String apiKey) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** Runs {@code deploy/redmine up} (installing Redmine once when missing); fails with its output if it cannot. */
    public static LocalRedmine start(Path repository) throws IOException, InterruptedException {
        Process up = new ProcessBuilder(repository.resolve("deploy/redmine").toString(), "up")
                .directory(repository.toFile()).redirectErrorStream(true).start();
        String output = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (up.waitFor() != 0) {
            throw new IllegalStateException("deploy/redmine up failed:\n" + output);
        }
        return new LocalRedmine(address(), Files.readString(keyFile(repository)).trim());
    }

    /** The Redmine if one is running already, answering and with its key on record; never starts one. */
    public static Optional<LocalRedmine> running(Path repository) {
        Path key = keyFile(repository);
        try {
            if (!Files.exists(key) || HTTP.send(HttpRequest.newBuilder(URI.create(address())).timeout(Duration.ofSeconds(3))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(new LocalRedmine(address(), Files.readString(key).trim()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String address() {
        return "http://127.0.0.1:" + System.getenv().getOrDefault("SYNCLANE_REDMINE_PORT", "3000");
    }

    private static Path keyFile(Path repository) {
        return repository.resolve(".local/redmine/api-key");
    }
}
