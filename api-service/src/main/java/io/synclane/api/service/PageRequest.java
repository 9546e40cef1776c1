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
        // The page's first row, (page - 1) * page_size, must be a row number the database takes (an int): beyond
        // that no page exists, and Hibernate refused the overflowed negative number with a 500.
        if (page != null && (page < 1 || page > maxPage(maxPageSize))) {
            throw new InvalidField("page", "Invalid page.");
        }
        return new PageRequest(pageSize, page == null ? 1 : page, maxPageSize, before);
    }

    /** The last page any list may have: its first row still an int at the largest page size. */
    public static int maxPage(int maxPageSize) {
        return Integer.MAX_VALUE / maxPageSize;
    }

    public boolean paged() {
        return pageSize != null;
    }
}
