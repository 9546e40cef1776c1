package io.synclane.worker.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.synclane.stack.testing.CoreArchitectureRules;
import org.junit.jupiter.api.Test;

/** The walls of the worker and of the common core it is built on. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.synclane.common", "io.synclane.worker");

    @Test
    void commonKnowsNeitherServiceNorHttpNorTheKafkaClient() {
        CoreArchitectureRules.commonKnowsNeitherServiceNorHttpNorTheKafkaClient().check(CLASSES);
    }

    @Test
    void onlyTheJobCoreWritesJobRows() {
        CoreArchitectureRules.onlyTheCoreWritesJobEntities().check(CLASSES);
    }

    @Test
    void theWorkersServicesDoNotDependOnItsMessagingOrItsHttpEndpoint() {
        noClasses().that().resideInAPackage("io.synclane.worker.service..")
                .should().dependOnClassesThat().resideInAnyPackage("io.synclane.worker.messaging..",
                        "io.synclane.worker.rest..", "jakarta.ws.rs..", "org.apache.kafka..")
                .check(CLASSES);
    }
}
