package io.synclane.common.catalogue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The built-in task catalogues a new project can start from (its {@code profile}). */
@ApplicationScoped
public class Catalogue {
    public static final List<String> PROFILES = List.of("web-app");

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CatalogueTask(String taskId, String title, String phase, int priority, List<Integer> cwes) {
    }

    record Profile(String profile, String description, List<CatalogueTask> tasks) {
    }

    private final ObjectMapper objectMapper;

    public Catalogue(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public Optional<List<CatalogueTask>> tasks(String profile) {
        if (!PROFILES.contains(profile)) {
            return Optional.empty();
        }
        try (InputStream in = Catalogue.class.getResourceAsStream("/catalogue/" + profile + ".json")) {
            return Optional.of(objectMapper.readValue(in, Profile.class).tasks());
        } catch (IOException e) {
            throw new UncheckedIOException("built-in catalogue " + profile + " is unreadable", e);
        }
    }
}
