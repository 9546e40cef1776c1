package io.synclane.worker.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.Finding;
import io.synclane.worker.service.ImportBehaviour;
import io.synclane.worker.service.ImportPlan;
import io.synclane.worker.service.TaskSnapshot;
import io.synclane.worker.service.VerificationPlanner;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** An import's verdicts as JUnit XML, read back with a real XML parser. */
class JUnitReportTest {
    private static final String HOSTILE = "<b>\"x\" & 'y' ]]> \u0001 \uD800";

    @Test
    void oneTestCasePerJudgedTaskFailureForFailSkippedForPartial() throws Exception {
        // T1 has a finding (fail), T2 is covered (pass), T3 is half covered (partial), T4 is not judged at all.
        AnalysisReport report = new AnalysisReport("Scan & Co", Set.of(89, 79, 22),
                List.of(new Finding("sqli", Set.of(89), "SQL injection " + HOSTILE, "A.java:1"),
                        new Finding("sqli-2", Set.of(89), "another", "")), 0);
        ImportPlan plan = VerificationPlanner.plan(List.of(task(1, 89), task(2, 79), task(3, 22, 352), task(4, 352)),
                report, ImportBehaviour.REPLACE, Map.of());

        Document xml = parse(JUnitReport.write(plan, Duration.ofMillis(1500)));
        Element suite = xml.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("Scan & Co", suite.getAttribute("name"));
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        assertEquals("0", suite.getAttribute("errors"));
        assertEquals("1.500", suite.getAttribute("time"));

        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(3, cases.getLength());
        Element failed = (Element) cases.item(0);
        assertEquals("T1", failed.getAttribute("name"));
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertEquals("2 findings on the task's CWEs", failure.getAttribute("message"));
        // The hostile text arrives as text: markup escaped, the control character and lone surrogate replaced.
        assertEquals("sqli: SQL injection <b>\"x\" & 'y' ]]> \uFFFD \uFFFD at A.java:1 (CWE-89)\nsqli-2: another (CWE-89)",
                failure.getTextContent());

        Element passed = (Element) cases.item(1);
        assertEquals("T2", passed.getAttribute("name"));
        assertEquals(0, passed.getChildNodes().getLength(), "a pass has neither failure nor skipped");

        Element partial = (Element) cases.item(2);
        assertEquals("T3", partial.getAttribute("name"));
        assertEquals("partial: CWE-352 not checked by Scan & Co",
                ((Element) partial.getElementsByTagName("skipped").item(0)).getAttribute("message"));
        assertEquals(0, partial.getElementsByTagName("failure").getLength());
    }

    @Test
    void anImportThatJudgedNothingIsAnEmptySuite() throws Exception {
        ImportPlan plan = VerificationPlanner.plan(List.of(task(1, 89)), new AnalysisReport("No-op", Set.of(),
                List.of(), 0), ImportBehaviour.REPLACE, Map.of());
        Element suite = parse(JUnitReport.write(plan, Duration.ZERO)).getDocumentElement();
        assertEquals("0", suite.getAttribute("tests"));
        assertEquals(0, suite.getElementsByTagName("testcase").getLength());
    }

    @Test
    void escapingKeepsValidCharactersAndPairedSurrogates() {
        assertEquals("a&amp;b&lt;c&gt;d&quot;e&apos;f\tg\nh \uD83D\uDE00 \uFFFD", JUnitReport.escape(
                "a&b<c>d\"e'f\tg\nh \uD83D\uDE00 \u001b"));
        assertTrue(JUnitReport.escape(null).isEmpty());
    }

    private static TaskSnapshot task(long id, Integer... cwes) {
        return new TaskSnapshot(id, "T" + id, Set.of(cwes), VerificationStatus.NONE, TaskStatus.TODO);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
