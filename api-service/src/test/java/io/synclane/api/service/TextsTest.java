package io.synclane.api.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What PostgreSQL can store and how long a field may be: the rule every service applies to a client's text. */
class TextsTest {

    @Test
    void aNulIsRefusedNamingTheField() {
        InvalidField refused = assertThrows(InvalidField.class, () -> Texts.bounded("name", "a\u0000b", 255));
        assertEquals("name", refused.field());
        assertEquals(InvalidField.Reason.NULL_CHARACTER, refused.reason());
    }

    @Test
    void halfASurrogatePairIsRefusedWithItsCode() {
        for (String lone : new String[] {"\ud800", "x\udfff", "\udc00\ud800", "a\ud83d", "\ud83dz"}) {
            InvalidField refused = assertThrows(InvalidField.class, () -> Texts.storable("alias", lone), lone);
            assertEquals(InvalidField.Reason.SURROGATE, refused.reason());
        }
        InvalidField refused = assertThrows(InvalidField.class, () -> Texts.storable("alias", "ok\ud800"));
        assertEquals("U+D800", refused.values().get(0));
        assertDoesNotThrow(() -> Texts.storable("alias", "a whole pair: \ud83d\ude00"));
    }

    @Test
    void lengthIsCountedInCharactersNotBytesNorUtf16Units() {
        assertDoesNotThrow(() -> Texts.bounded("name", "😀".repeat(255), 255), "255 emoji are 255 characters");
        InvalidField refused = assertThrows(InvalidField.class, () -> Texts.bounded("name", "é".repeat(256), 255));
        assertEquals(InvalidField.Reason.TOO_LONG, refused.reason());
        assertEquals(255, refused.values().get(0));
        assertEquals("must be at most 255 characters", refused.explanation());
    }

    @Test
    void otherControlCharactersAndNullAreStorable() {
        assertDoesNotThrow(() -> Texts.bounded("comment", "tab\tline\r\nbell\u0007 del\u007f", 4096));
        assertNull(Texts.bounded("comment", null, 1));
    }

    @Test
    void bytesMayHoldANulButNotHalfAPair() {
        assertDoesNotThrow(() -> Texts.encodable("content", "binary\u0000zero"));
        assertThrows(InvalidField.class, () -> Texts.encodable("content", "\udfff"));
    }
}
