package io.synclane.worker.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalParamsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nestedValuesAreRedactedLongestFirstAndShortOnesLeft(@TempDir Path folder) throws Exception {
        LocalParams local = LocalParams.read(write(folder, """
                {"params": {"alm_pass": "hunter2-long", "alm_user": "hunter2", "port": "443",
                            "mapping": {"pass": "secret-status"}}}
                """), JSON);
        assertEquals("login [local] with [local] failed, status [local], port 443",
                local.redact("login hunter2 with hunter2-long failed, status secret-status, port 443"));
        assertEquals(Map.of("a", 1, "alm_pass", "hunter2-long", "alm_user", "hunter2", "port", "443",
                "mapping", Map.of("pass", "secret-status")), local.overlay(Map.of("a", 1, "alm_pass", "x"), "9"));
    }

    @Test
    void aBadFileIsRefusedWithoutQuotingIt(@TempDir Path folder) throws Exception {
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> LocalParams.read(write(folder, "{\"params\": {\"alm_pass\": s3cr3t-value}}"), JSON));
        assertFalse(notJson.getMessage().contains("s3cr3t"), notJson.getMessage());
        assertTrue(notJson.getMessage().contains("not readable JSON (line 1)"), notJson.getMessage());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LocalParams.read(write(folder, "{\"param\": {}}"), JSON));
        assertTrue(unknown.getMessage().contains("unknown key \"param\""), unknown.getMessage());

        assertThrows(IllegalArgumentException.class,
                () -> LocalParams.read(write(folder, "{\"connections\": {\"5\": \"x\"}}"), JSON));
        assertThrows(IllegalArgumentException.class, () -> LocalParams.read(folder.resolve("missing.json"), JSON));
    }

    private static Path write(Path folder, String text) throws Exception {
        Path file = folder.resolve("params-" + System.nanoTime() + ".json");
        Files.writeString(file, text);
        return file;
    }
}
