package io.synclane.api.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * One page of a list; {@code count} is known only for paged requests. An unpaged list is cut at the
 * request's limit, and {@code truncated} says whether anything was left out. {@code cursor}, for lists
 * ordered by descending id, is the last item's id: where the next page starts.
 */
public record Page<T>(List<T> items, PageRequest request, long count, boolean truncated, Long cursor) {
    public static <E> Page<E> of(PanacheQuery<E> query, PageRequest request) {
        if (!request.paged()) {
            return unpaged(query, request);
        }
        long count = query.count();
        List<E> items = query.page(io.quarkus.panache.common.Page.of(request.page() - 1, request.pageSize())).list();
        return new Page<>(items, request, count, false, null);
    }

    /**
     * A list newest first by id: {@code all} is the whole list (counted), {@code before} the list below an
     * id. With the request's cursor the page is read by index from that id on, instead of skipping
     * {@code (page - 1) * page_size} rows.
     */
    public static <E> Page<E> keyed(PanacheQuery<E> all, LongFunction<PanacheQuery<E>> before, ToLongFunction<E> id,
            PageRequest request) {
        Page<E> page;
        if (!request.paged()) {
            page = unpaged(all, request);
        } else if (request.before() == null) {
            page = of(all, request);
        } else {
            page = new Page<>(before.apply(request.before()).range(0, request.pageSize() - 1).list(), request,
                    all.count(), false, null);
        }
        Long cursor = page.items.isEmpty() ? null : id.applyAsLong(page.items.get(page.items.size() - 1));
        return new Page<>(page.items, request, page.count, page.truncated, cursor);
    }

    private static <E> Page<E> unpaged(PanacheQuery<E> query, PageRequest request) {
        // One row more than the limit tells whether the list goes on, without counting it.
        List<E> items = query.range(0, request.limit()).list();
        boolean truncated = items.size() > request.limit();
        return new Page<>(truncated ? items.subList(0, request.limit()) : items, request, -1, truncated, null);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), request, count, truncated, cursor);
    }

    public boolean hasNext() {
        return request.paged() && (long) request.page() * request.pageSize() < count;
    }

    public boolean hasPrevious() {
        return request.paged() && request.page() > 1;
    }
}
