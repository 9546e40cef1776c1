package io.synclane.worker.service;

import io.synclane.common.domain.VerificationStatus;
import io.synclane.worker.connector.Finding;
import java.util.List;
import java.util.Set;

/**
 * What a report concluded about one task, changed or not: {@code fail} with the findings on its CWEs, {@code pass},
 * or {@code partial} with the CWEs the tool's rules do not check. A remote agent reports these as test results.
 */
public record TaskVerdict(long id, String taskId, VerificationStatus verdict, List<Finding> findings,
        Set<Integer> uncheckedCwes) {
    public TaskVerdict {
        findings = List.copyOf(findings);
        uncheckedCwes = Set.copyOf(uncheckedCwes);
    }
}
