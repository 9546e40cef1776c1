package io.synclane.api.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list; {@code count} is known only for paged requests. An unpaged list is cut at the
 * request's limit, and {@code truncated} says whether anything was left out.
 */
public record Page<T>(List<T> items, PageRequest request, long count, boolean truncated) {
    public static <E> Page<E> of(PanacheQuery<E> query, PageRequest request) {
        if (!request.paged()) {
            // One row more than the limit tells whether the list goes on, without counting it.
            List<E> items = query.range(0, request.limit()).list();
            boolean truncated = items.size() > request.limit();
            return new Page<>(truncated ? items.subList(0, request.limit()) : items, request, -1, truncated);
        }
        long count = query.count();
        List<E> items = query.page(io.quarkus.panache.common.Page.of(request.page() - 1, request.pageSize())).list();
        return new Page<>(items, request, count, false);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), request, count, truncated);
    }

    public boolean hasNext() {
        return request.paged() && (long) request.page() * request.pageSize() < count;
    }

    public boolean hasPrevious() {
        return request.paged() && request.page() > 1;
    }
}
