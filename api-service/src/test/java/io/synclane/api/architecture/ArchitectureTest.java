package io.synclane.api.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.synclane.stack.testing.CoreArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The walls of the api-service: each HTTP face is a thin adapter in its own package over face-neutral services,
 * and the job core below them is the only writer of job rows.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.synclane.common", "io.synclane.api");

    @Test
    void aFaceNeverDependsOnAnotherFace() {
        slices().matching("io.synclane.api.face.(*)..").should().notDependOnEachOther()
                .allowEmptyShould(false).check(CLASSES);
    }

    @Test
    void theServicesKnowNoFaceNoJaxRsAndNoMapping() {
        noClasses().that().resideInAPackage("io.synclane.api.service..")
                .should().dependOnClassesThat().resideInAnyPackage("io.synclane.api.face..", "jakarta.ws.rs..",
                        "org.jboss.resteasy..", "io.vertx..", "io.quarkus.vertx.http..")
                .check(CLASSES);
    }

    @Test
    void onlyTheFacesAndTheirSecurityKnowHttp() {
        noClasses().that().resideInAnyPackage("io.synclane.api.service..", "io.synclane.api.messaging..",
                        "io.synclane.common..")
                .should().dependOnClassesThat().resideInAnyPackage("io.synclane.api.face..", "io.synclane.api.security..")
                .check(CLASSES);
    }

    @Test
    void commonKnowsNeitherServiceNorHttpNorTheKafkaClient() {
        CoreArchitectureRules.commonKnowsNeitherServiceNorHttpNorTheKafkaClient().check(CLASSES);
    }

    @Test
    void onlyTheJobCoreWritesJobRows() {
        CoreArchitectureRules.onlyTheCoreWritesJobEntities().check(CLASSES);
    }
}
