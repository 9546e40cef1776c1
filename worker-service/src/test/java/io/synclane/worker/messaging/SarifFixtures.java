package io.synclane.worker.messaging;

/** The SARIF reports under src/test/resources/sarif and what they contain (see its README). */
final class SarifFixtures {
    /** Real SpotBugs 4.9.3 + Find Security Bugs 1.14.0 output. */
    static final String SPOTBUGS_REPORT = "spotbugs-4.9.3-findsecbugs-1.14.0.sarif";
    /** Hand-written in CodeQL's form: lists rules without results, so tasks can pass. */
    static final String CODEQL_STYLE_REPORT = "handwritten-codeql-style.sarif";
    static final String NOT_SARIF = "not-sarif.json";

    /** SQL injection: SpotBugs reports it in the sample. */
    static final int FOUND_CWE = 89;
    /** Cross-site request forgery: neither report has a rule for it. */
    static final int UNCOVERED_CWE = 352;
    /** Cross-site scripting: the CodeQL-style report runs a rule for it and finds nothing. */
    static final int COVERED_NOT_FOUND_CWE = 79;

    private SarifFixtures() {
    }
}
