package io.synclane.api.face.sde;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Seed 001's "post results" example ends its body with a trailing comma, and clients copied from it send
 * exactly that; SD Elements accepts it, so a trailing comma is read as if it were absent. Anything else
 * that is not JSON still answers 400.
 */
@Singleton
public class LenientJsonCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonReadFeature.ALLOW_TRAILING_COMMA.mappedFeature());
    }
}
