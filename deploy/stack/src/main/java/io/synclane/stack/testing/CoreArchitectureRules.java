package io.synclane.stack.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The walls of {@code common}, for every service's architecture test: {@code common} knows neither service, nor
 * HTTP, nor the Kafka client; and the rows of {@code job}, {@code job_state}, {@code job_run} and {@code job_file}
 * are written only by {@code io.synclane.common.job} (its {@code JobStore}): elsewhere their entities are read,
 * never assigned, persisted or deleted. (The SQL side of the same rule is
 * {@code JobSqlOwnershipTest} in common, which reads the sources.)
 */
public final class CoreArchitectureRules {
    private static final Set<String> JOB_ENTITIES = Set.of("io.synclane.common.domain.Job",
            "io.synclane.common.domain.JobRun", "io.synclane.common.domain.JobState", "io.synclane.common.domain.JobFile");
    private static final Set<String> PANACHE_WRITES = Set.of("persist", "persistAndFlush", "delete", "deleteAll",
            "deleteById", "update");

    private CoreArchitectureRules() {
    }

    public static ArchRule commonKnowsNeitherServiceNorHttpNorTheKafkaClient() {
        return noClasses().that().resideInAPackage("io.synclane.common..")
                .should().dependOnClassesThat().resideInAnyPackage("io.synclane.api..", "io.synclane.worker..",
                        "jakarta.ws.rs..", "org.jboss.resteasy..", "org.apache.kafka..", "io.vertx..")
                .because("both services and every face share it");
    }

    public static ArchRule onlyTheCoreWritesJobEntities() {
        DescribedPredicate<JavaClass> jobEntity = DescribedPredicate.describe("a job entity",
                javaClass -> JOB_ENTITIES.contains(javaClass.getName()));
        DescribedPredicate<JavaAccess<?>> panacheWrite = DescribedPredicate.describe("a Panache write of a job entity",
                access -> jobEntity.test(access.getTargetOwner()) && PANACHE_WRITES.contains(access.getName()));
        return noClasses().that().resideOutsideOfPackage("io.synclane.common.job..")
                .and(DescribedPredicate.not(jobEntity)) // an entity initialising its own fields
                .should().setFieldWhere(DescribedPredicate.describe("a field of a job entity",
                        access -> jobEntity.test(access.getTargetOwner())))
                .orShould().callMethodWhere(DescribedPredicate.describe("a Panache write of a job entity",
                        call -> panacheWrite.test(call)))
                .because("a job's rows move only through the job core's store, guarded by its state machine");
    }
}
