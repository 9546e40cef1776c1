package io.synclane.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SQL side of "only the store writes the job tables": no main source of any service but {@code JobStore}
 * holds an INSERT, UPDATE or DELETE of {@code job}, {@code job_state}, {@code job_run}, {@code job_file} or
 * {@code outbox}. (The bench is left out on purpose: its ceiling measures bare SQL on the job table.)
 */
class JobSqlOwnershipTest {
    private static final Pattern JOB_TABLE_WRITE = Pattern.compile(
            "(?i)\\b(insert\\s+into|update|delete\\s+from)\\s+(job|job_state|job_run|job_file|outbox)\\b");
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private static List<Path> mainSources() {
        try (Stream<Path> files = Stream.of("common", "api-service", "worker-service", "deploy/stack")
                .map(module -> REPOSITORY.resolve(module).resolve("src/main/java"))
                .filter(Files::isDirectory)
                .flatMap(JobSqlOwnershipTest::walk)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        }
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void onlyTheJobStoreHoldsSqlThatWritesTheJobTables() throws IOException {
        List<Path> sources = mainSources();
        assertTrue(sources.size() > 50, "found the services' sources under " + REPOSITORY);
        List<String> writers = sources.stream()
                .filter(file -> JOB_TABLE_WRITE.matcher(read(file)).find())
                .map(file -> REPOSITORY.relativize(file).toString())
                .toList();
        assertEquals(List.of("common/src/main/java/io/synclane/common/job/JobStore.java"), writers);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
