package io.synclane.api.face.sde;

import io.synclane.api.http.Decimal;
import io.synclane.api.service.InvalidField;
import io.synclane.api.service.PageRequest;

/**
 * The face's numeric query parameters ({@code page_size}, {@code page}, {@code project}, {@code priority}...), read
 * here rather than by Quarkus REST, whose conversion failure answers a bare 404 naming nothing: a value that is not
 * an integer (or does not fit one) is a 400 naming the parameter, as Django REST Framework answers. An empty value
 * is no value.
 */
final class QueryValues {
    private QueryValues() {
    }

    static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Integer parsed = Decimal.parseInt(value.strip());
        if (parsed == null) {
            throw new InvalidField(name, "A valid integer is required.");
        }
        return parsed;
    }

    /** {@code page_size} and {@code page} as a page request of lists of at most {@code maxPageSize} items. */
    static PageRequest page(String pageSize, String page, int maxPageSize) {
        return PageRequest.of(integer("page_size", pageSize), integer("page", page), maxPageSize);
    }

    static Long id(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Long parsed = Decimal.parseLong(value.strip());
        if (parsed == null) {
            throw new InvalidField(name, "A valid integer is required.");
        }
        return parsed;
    }
}
