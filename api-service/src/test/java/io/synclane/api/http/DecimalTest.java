package io.synclane.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Ids are ASCII digits: Java's parser also reads +1 and other scripts' digits (/projects/１/ was project 1). */
class DecimalTest {

    @Test
    void onlyAsciiDigitsAreAnInteger() {
        assertEquals(12L, Decimal.parseLong("12"));
        assertEquals(-3L, Decimal.parseLong("-3"));
        assertEquals(Long.MAX_VALUE, Decimal.parseLong("9223372036854775807"));
        assertEquals(1L, Long.parseLong("\uff11"), "what the JDK reads");
        for (String text : new String[] {"\uff11", "\u0661", "+1", " 1", "1 ", "", "1e3", "0x10", "1.5",
                "9223372036854775808", "99999999999999999999", "1\u0000", null}) {
            assertNull(Decimal.parseLong(text), String.valueOf(text));
        }
        assertNull(Decimal.parseInt("2147483648"));
        assertEquals(Integer.MIN_VALUE, Decimal.parseInt("-2147483648"));
    }
}
