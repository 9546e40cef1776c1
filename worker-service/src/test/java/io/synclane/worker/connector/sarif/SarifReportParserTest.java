package io.synclane.worker.connector.sarif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.Finding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SarifReportParserTest {
    private static final Path FIXTURES = Path.of("src/test/resources/sarif");
    private final SarifReportParser parser = new SarifReportParser();

    private AnalysisReport parse(String file) throws Exception {
        return parser.parse(Files.readAllBytes(FIXTURES.resolve(file)));
    }

    @Test
    void aRealSpotBugsReportYieldsItsCwesFromRuleRelationshipsIntoTheCweTaxonomy() throws Exception {
        AnalysisReport report = parse("spotbugs-4.9.3-findsecbugs-1.14.0.sarif");

        assertEquals("SpotBugs", report.tool());
        assertEquals(Set.of(78, 259, 113, 614, 502, 22, 330, 89, 328, 611), report.coveredCwes());
        assertEquals(12, report.findings().size(), "results whose rule relates to a CWE");
        assertEquals(11, report.unmapped(), "bad-practice and i18n results carry no CWE");
        Finding sql = report.findings().stream().filter(f -> f.ruleId().equals("SQL_INJECTION_JDBC")).findFirst()
                .orElseThrow();
        assertEquals(Set.of(89), sql.cwes());
        assertTrue(sql.location().startsWith("src/main/java/demo/VulnerableSample.java:"), sql.location());
    }

    @Test
    void codeQlStyleTagsCoverEveryRuleAndASuppressedResultIsNoFinding() throws Exception {
        AnalysisReport report = parse("handwritten-codeql-style.sarif");

        assertEquals(Set.of(89, 564, 79, 116, 22, 327), report.coveredCwes());
        assertEquals(1, report.findings().size());
        assertEquals(Set.of(89, 564), report.findings().get(0).cwes());
        assertEquals("src/main/java/app/UserDao.java:42", report.findings().get(0).location());
    }

    @Test
    void resultTaxaResolveByIndexAndGuidAndPassResultsOnlyCover() throws Exception {
        AnalysisReport report = parse("handwritten-result-taxa.sarif");

        assertEquals(Set.of(918, 601), report.findings().stream().flatMap(f -> f.cwes().stream())
                .collect(Collectors.toSet()));
        assertTrue(report.coveredCwes().contains(352), "a pass result still covers its CWE");
        assertEquals(1, report.unmapped(), "a result with only an OWASP taxon maps to no CWE");
    }

    @Test
    void everyCweSpellingRealToolsUseIsRead() {
        assertEquals(Optional.of(79), SarifReportParser.cweOf("CWE-79"));
        assertEquals(Optional.of(79), SarifReportParser.cweOf("cwe-79"));
        assertEquals(Optional.of(79), SarifReportParser.cweOf("external/cwe/cwe-079"));
        assertEquals(Optional.of(79), SarifReportParser.cweOf("CWE:79"));
        assertEquals(Optional.of(79), SarifReportParser.cweOf("CWE-79: Improper Neutralization"));
        assertEquals(Optional.of(79), SarifReportParser.cweOf("79"));
        assertEquals(Optional.empty(), SarifReportParser.cweOf("security"));
        assertEquals(Optional.empty(), SarifReportParser.cweOf("owasp-a03"));
    }

    @Test
    void textThatIsNotJsonIsRefusedWithAReason() {
        ConnectorFailure failure = assertThrows(ConnectorFailure.class,
                () -> parser.parse("<xml/>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(failure.getMessage().startsWith("The report is not valid JSON"), failure.getMessage());
    }

    @Test
    void jsonThatIsNotSarif210IsRefusedWithAReason() {
        ConnectorFailure version = assertThrows(ConnectorFailure.class, () -> parse("not-sarif.json"));
        assertTrue(version.getMessage().contains("version is \"1.0\""), version.getMessage());
        ConnectorFailure runs = assertThrows(ConnectorFailure.class,
                () -> parser.parse("{\"version\": \"2.1.0\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(runs.getMessage().contains("\"runs\""), runs.getMessage());
        assertThrows(ConnectorFailure.class, () -> parser.parse("[1, 2]".getBytes(StandardCharsets.UTF_8)));
    }
}
