package io.synclane.api.service;

/**
 * {@code page_size} and {@code page} of a list. Without a page size a list answers {@code {"results": [...]}}
 * as the seeds show, but never more than {@code limit} items (the largest page size): a list that has
 * more says so with a {@code next} link to its second page, so a million jobs are never sent at once.
 */
public record PageRequest(Integer pageSize, int page, int limit, Long before) {
    public static PageRequest of(Integer pageSize, Integer page, int maxPageSize) {
        return of(pageSize, page, maxPageSize, null);
    }

    /**
     * @param before a list that supports it starts the page after the item with this id (the keyset
     *        cursor its {@code next} links carry, so following them costs the same on page 10,000 as on page 2)
     */
    public static PageRequest of(Integer pageSize, Integer page, int maxPageSize, Long before) {
        if (pageSize != null && (pageSize < 1 || pageSize > maxPageSize)) {
            throw InvalidField.outOfRange("pageSize", 1, maxPageSize);
        }
        if (page != null && page < 1) {
            throw new InvalidField("page", "Invalid page.");
        }
        return new PageRequest(pageSize, page == null ? 1 : page, maxPageSize, before);
    }

    public boolean paged() {
        return pageSize != null;
    }
}
