package io.synclane.api.service;

/**
 * {@code page_size} and {@code page} of a list. Without a page size the whole list is returned, as the
 * seeds show ({@code {"results": [...]}} only).
 */
public record PageRequest(Integer pageSize, int page) {
    public static PageRequest of(Integer pageSize, Integer page, int maxPageSize) {
        if (pageSize != null && (pageSize < 1 || pageSize > maxPageSize)) {
            throw new InvalidField("page_size", "Ensure this value is between 1 and " + maxPageSize + ".");
        }
        if (page != null && page < 1) {
            throw new InvalidField("page", "Invalid page.");
        }
        return new PageRequest(pageSize, page == null ? 1 : page);
    }

    public boolean paged() {
        return pageSize != null;
    }
}
