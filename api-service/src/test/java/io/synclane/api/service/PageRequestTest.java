package io.synclane.api.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Paging bounds: a page whose first row is no int is refused, not overflowed into a negative first result (500). */
class PageRequestTest {

    @Test
    void aPageBeyondTheLastRowAnyListCanHaveIsRefused() {
        assertEquals("page", assertThrows(InvalidField.class, () -> PageRequest.of(1000, Integer.MAX_VALUE, 1000)).field());
        assertThrows(InvalidField.class, () -> PageRequest.of(10, PageRequest.maxPage(1000) + 1, 1000));
        PageRequest last = PageRequest.of(1000, PageRequest.maxPage(1000), 1000);
        assertEquals(true, (long) (last.page() - 1) * last.pageSize() <= Integer.MAX_VALUE, "its first row is an int");
    }

    @Test
    void pagesAndSizesOutOfRangeAreRefused() {
        assertEquals("page", assertThrows(InvalidField.class, () -> PageRequest.of(10, 0, 1000)).field());
        assertEquals("page", assertThrows(InvalidField.class, () -> PageRequest.of(10, -1, 1000)).field());
        assertEquals("pageSize", assertThrows(InvalidField.class, () -> PageRequest.of(1001, 1, 1000)).field());
        assertEquals("pageSize", assertThrows(InvalidField.class, () -> PageRequest.of(0, 1, 1000)).field());
        assertDoesNotThrow(() -> PageRequest.of(null, null, 1000));
    }
}
