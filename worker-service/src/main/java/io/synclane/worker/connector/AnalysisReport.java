package io.synclane.worker.connector;

import java.util.List;
import java.util.Set;

/**
 * What an analysis tool reported, independent of its format.
 *
 * @param tool        the tool's name as the report gives it (e.g. "SpotBugs")
 * @param coveredCwes every CWE that the tool's rules check, found or not: a task whose CWEs are covered
 *                    and that has no finding has passed
 * @param findings    the results that map to at least one CWE
 * @param unmapped    how many results carried no CWE at all (reported, not mapped)
 */
public record AnalysisReport(String tool, Set<Integer> coveredCwes, List<Finding> findings, int unmapped) {
    public AnalysisReport {
        coveredCwes = Set.copyOf(coveredCwes);
        findings = List.copyOf(findings);
    }
}
