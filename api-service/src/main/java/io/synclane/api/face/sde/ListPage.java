package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code {"results": [...]}}; a paged list ({@code page_size}) adds {@code count}, {@code next} and
 * {@code previous} (null at the ends), an unpaged list cut at the largest page size adds {@code next} alone.
 * Absent fields are null; a present link that leads nowhere is an empty Optional, written as null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListPage<T>(
        @Schema(description = "With page_size only.") Long count,
        @Schema(implementation = String.class, nullable = true) Optional<String> next,
        @Schema(implementation = String.class, nullable = true) Optional<String> previous,
        List<T> results) {
    public static <T> ListPage<T> of(List<T> results) {
        return new ListPage<>(null, null, null, results);
    }
}
