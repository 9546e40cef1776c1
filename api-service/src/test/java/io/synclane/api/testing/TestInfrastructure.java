package io.synclane.api.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.synclane.stack.testing.SynclaneTestResource;

/**
 * The real PostgreSQL (a fresh database) and the real Kafka broker every test of this module talks to.
 * Declared once, so the application boots once for the whole module.
 */
@QuarkusTestResource(value = SynclaneTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "synclane_test_api"))
public final class TestInfrastructure {
    private TestInfrastructure() {
    }
}
