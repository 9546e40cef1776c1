package io.synclane.worker.connector;

import java.util.Set;

/** One result of an analysis tool, reduced to what task mapping needs. */
public record Finding(String ruleId, Set<Integer> cwes, String message, String location) {
    public Finding {
        cwes = Set.copyOf(cwes);
    }
}
