package io.synclane.api.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import java.util.List;
import java.util.function.Function;

/** One page of a list; {@code count} is known only for paged requests. */
public record Page<T>(List<T> items, PageRequest request, long count) {
    public static <E> Page<E> of(PanacheQuery<E> query, PageRequest request) {
        if (!request.paged()) {
            return new Page<>(query.list(), request, -1);
        }
        long count = query.count();
        List<E> items = query.page(io.quarkus.panache.common.Page.of(request.page() - 1, request.pageSize())).list();
        return new Page<>(items, request, count);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), request, count);
    }

    public boolean hasNext() {
        return request.paged() && (long) request.page() * request.pageSize() < count;
    }

    public boolean hasPrevious() {
        return request.paged() && request.page() > 1;
    }
}
