package io.synclane.api.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether bytes are UTF-8, strictly: JSON must be, and Jackson's own decoder lets through what the JDK's refuses
 * (an overlong {@code C0 AF} read as {@code /}: a name became {@code /connection-...}; an encoded surrogate).
 */
public final class Utf8 {
    private Utf8() {
    }

    public static boolean valid(byte[] bytes) {
        return valid(ByteBuffer.wrap(bytes));
    }

    public static boolean valid(ByteBuffer bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
