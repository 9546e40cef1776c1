package io.synclane.api.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * How much JSON a request body may hold and how strictly it is read, for every face (Quarkus REST's readers and the
 * DCI face's own parsing use this mapper): nesting, number length, name length and token count are bounded, so a
 * deep or wide body is refused while it is read, in time proportional to the limit, instead of after it has been
 * built in memory. What a face legitimately sends is far below: a connection with its params nests 3 deep; an
 * agent's task outcomes 4. A body is one value (nothing after it), and an empty string is not a boolean or a number.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {
    /** Objects and arrays inside one another. */
    public static final int MAX_DEPTH = 32;
    /**
     * Digits of one number (Jackson's own default): a longer one is refused while it is read; a shorter one that does
     * not fit its field is refused naming the field.
     */
    public static final int MAX_NUMBER_LENGTH = 1_000;
    /** Characters of one property name. */
    public static final int MAX_NAME_LENGTH = 1_000;
    /** Tokens of one body (every name, value, start and end). */
    public static final long MAX_TOKENS = 100_000;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxTokenCount(MAX_TOKENS)
                .build());
        // A body is one JSON value: {"name": "x"}{"name": "y"} or {...} garbage is not read as its first object.
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // "" is not a boolean nor a number (Jackson made it null: a field left out, an ignored wrong type).
        for (LogicalType type : new LogicalType[] {LogicalType.Boolean, LogicalType.Integer, LogicalType.Float}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
    }
}
