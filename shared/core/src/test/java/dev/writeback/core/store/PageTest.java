package dev.writeback.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PageTest {
    @Test
    void pageLimitsDefaultTo25AndStopAt100() {
        assertEquals(25, Page.limit(0));
        assertEquals(25, Page.limit(-3));
        assertEquals(7, Page.limit(7));
        assertEquals(100, Page.limit(1000));
    }
}
