package io.synclane.api.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.synclane.api.service.JUnitResults.InvalidJUnit;
import io.synclane.api.service.JUnitResults.Summary;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JUnit XML file read into the counts of the DCI results page (seed 004), and a hostile one refused
 * without the parser reading a file, calling a server or expanding entities.
 */
class JUnitResultsTest {
    /** Counts what a parser would fetch if it followed an external entity or DTD. */
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private String serverUrl;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "<!ENTITY leaked 'SERVER-SECRET'>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        serverUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static Summary parse(String xml) throws InvalidJUnit {
        return JUnitResults.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(String xml) {
        return assertThrows(InvalidJUnit.class, () -> parse(xml)).getMessage();
    }

    // --- what a report counts

    @Test
    void theSeedsPytestReportGivesTheSeedsNumbers() throws InvalidJUnit {
        Summary summary = parse("""
                <?xml version="1.0" encoding="utf-8"?>
                <testsuite errors="0" failures="0" name="pytest" skips="1" tests="3" time="46.050">
                  <testcase classname="tests.test_a" name="test_one" time="20.1"/>
                  <testcase classname="tests.test_a" name="test_two" time="25.9"/>
                  <testcase classname="tests.test_a" name="test_three" time="0.05">
                    <skipped message="not on this platform"/>
                  </testcase>
                </testsuite>
                """);

        assertEquals(new Summary("pytest", 3, 0, 0, 1, 2, "46.050"), summary);
    }

    @Test
    void successIsTotalLessFailuresErrorsAndSkips() throws InvalidJUnit {
        Summary summary = parse("<testsuite name='s' tests='10' failures='2' errors='3' skipped='1' time='1'/>");

        assertEquals(new Summary("s", 10, 2, 3, 1, 4, "1"), summary);
    }

    @Test
    void skipsMayBeSpelledSkipped() throws InvalidJUnit {
        Summary summary = parse("<testsuite name='surefire' tests='4' failures='1' errors='0' skipped='2' time='0.5'/>");

        assertEquals(2, summary.skips());
        assertEquals(1, summary.success());
    }

    @Test
    void testsuitesSumTheirSuitesUnderTheirOwnNameAndTime() throws InvalidJUnit {
        Summary summary = parse("""
                <testsuites name="all" time="12.5">
                  <testsuite name="a" tests="3" failures="1" errors="0" skipped="0" time="2.000"/>
                  <testsuite name="b" tests="5" failures="0" errors="1" skips="2" time="10.500"/>
                </testsuites>
                """);

        assertEquals(new Summary("all", 8, 1, 1, 2, 4, "12.5"), summary);
    }

    @Test
    void unnamedUntimedTestsuitesTakeTheFirstSuitesNameAndTheSumOfTheTimesToTheMillisecond() throws InvalidJUnit {
        Summary summary = parse("""
                <testsuites>
                  <testsuite name="pytest" tests="1" failures="0" errors="0" skipped="0" time="0.1"/>
                  <testsuite name="other" tests="1" failures="0" errors="0" skipped="0" time="0.2"/>
                </testsuites>
                """);

        assertEquals("pytest", summary.name());
        assertEquals("0.300", summary.time());
        assertEquals(2, summary.total());
    }

    @Test
    void aSuiteWithoutCountsIsCountedFromItsTestcases() throws InvalidJUnit {
        Summary summary = parse("""
                <testsuite name="bare">
                  <properties><property name="python" value="3.12"/></properties>
                  <testcase name="passes" time="1.25"/>
                  <testcase name="fails" time="0.5"><failure message="assert 1 == 2">trace</failure></testcase>
                  <testcase name="breaks"><error message="boom"/><system-out>log</system-out></testcase>
                  <testcase name="is skipped"><skipped/></testcase>
                  <testcase name="fails and errs"><failure/><error/></testcase>
                  <system-err/>
                </testsuite>
                """);

        // A test counts once, by its worst outcome: an error before a failure before a skip.
        assertEquals(new Summary("bare", 5, 1, 2, 1, 1, "1.750"), summary);
    }

    @Test
    void onlyTheMissingCountsAreCountedFromTestcases() throws InvalidJUnit {
        Summary summary = parse("""
                <testsuite name="old surefire" tests="3" failures="1" errors="0" time="3">
                  <testcase name="a"/><testcase name="b"><skipped/></testcase><testcase name="c"><failure/></testcase>
                </testsuite>
                """);

        assertEquals(new Summary("old surefire", 3, 1, 0, 1, 1, "3"), summary);
    }

    @Test
    void suitesWithoutCountsUnderTestsuitesAreCountedToo() throws InvalidJUnit {
        Summary summary = parse("""
                <testsuites>
                  <testsuite name="a"><testcase name="x"/><testcase name="y"><failure/></testcase></testsuite>
                  <testsuite name="b" tests="2" failures="0" errors="0" skipped="1"/>
                  <testsuite name="nested">
                    <testsuite name="inner"><testcase name="z"><error/></testcase></testsuite>
                  </testsuite>
                </testsuites>
                """);

        assertEquals(new Summary("a", 5, 1, 1, 1, 2, "0.000"), summary);
    }

    @Test
    void anEmptyReportCountsNothing() throws InvalidJUnit {
        assertEquals(new Summary(null, 0, 0, 0, 0, 0, "0.000"), parse("<testsuites/>"));
    }

    // --- what is not a report

    @Test
    void brokenXmlIsRefusedWithWhereItBreaks() {
        String message = refusal("<testsuite name='x' tests='1'>\n<testcase name='a'>\n</testsuite>");

        assertTrue(message.startsWith("The file is not well-formed XML at line 3"), message);
        assertNoJavaInternals(message);
    }

    @Test
    void anEmptyFileIsRefused() {
        assertTrue(refusal("  \n").startsWith("The file is empty"));
    }

    @Test
    void anotherRootElementIsRefused() {
        String message = refusal("<html><body>results</body></html>");

        assertEquals("The file's root element is <html>, so it is not a JUnit XML report; such a report starts"
                + " with <testsuites> or <testsuite>.", message);
    }

    @Test
    void aNegativeCountIsRefusedNamingTheSuiteAndTheCount() {
        assertEquals("The \"failures\" count of testsuite \"pytest\" is \"-1\"; it must be a whole number, 0 or more.",
                refusal("<testsuite name='pytest' tests='3' failures='-1'/>"));
    }

    @Test
    void aNonNumericCountIsRefused() {
        String message = refusal("<testsuites><testsuite tests='three'/></testsuites>");

        assertEquals("The \"tests\" count of the testsuite on line 1 is \"three\"; it must be a whole number, 0 or more.",
                message);
    }

    @Test
    void aCountTooLargeToRecordIsRefused() {
        assertTrue(refusal("<testsuite tests='99999999999'/>").contains("more than can be recorded"));
    }

    @Test
    void aTimeThatIsNotSecondsIsRefused() {
        assertTrue(refusal("<testsuite name='s' tests='1' time='1,5'/>").contains("must be a number of seconds"));
    }

    @Test
    void moreFailuresThanTestsIsRefused() {
        assertTrue(refusal("<testsuite name='s' tests='1' failures='2'/>")
                .startsWith("The report counts more failures, errors and skips (2) than tests (1)"));
    }

    // --- hostile files

    @Test
    void anyDoctypeIsRefused() {
        String message = refusal("<!DOCTYPE testsuite><testsuite name='s' tests='0'/>");

        assertTrue(message.startsWith("The file contains a DOCTYPE declaration (line 1)"), message);
        assertNoJavaInternals(message);
    }

    @Test
    void anExternalEntityOnALocalFileIsRefusedWithoutReadingTheFile(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "FILE-SECRET");
        String message = refusal("""
                <?xml version="1.0"?>
                <!DOCTYPE testsuite [<!ENTITY secret SYSTEM "%s">]>
                <testsuite name="s" tests="1"><testcase name="t"><system-out>&secret;</system-out></testcase></testsuite>
                """.formatted(secret.toUri()));

        assertTrue(message.contains("DOCTYPE"), message);
        assertFalse(message.contains("FILE-SECRET"), message);
    }

    @Test
    void anExternalEntityOnAServerIsRefusedWithoutCallingIt() {
        String message = refusal("""
                <!DOCTYPE testsuite [<!ENTITY leak SYSTEM "%s">]>
                <testsuite name="s" tests="1"><testcase name="t"><system-out>&leak;</system-out></testcase></testsuite>
                """.formatted(serverUrl));

        assertTrue(message.contains("DOCTYPE"), message);
        assertEquals(0, requests.get(), "the parser called the server");
    }

    @Test
    void anExternalParameterEntityOrDtdIsRefusedWithoutCallingTheServer() {
        refusal("<!DOCTYPE testsuite [<!ENTITY % remote SYSTEM \"" + serverUrl + "\"> %remote;]>"
                + "<testsuite>&leaked;</testsuite>");
        refusal("<!DOCTYPE testsuite SYSTEM \"" + serverUrl + "\"><testsuite>&leaked;</testsuite>");
        refusal("<!DOCTYPE testsuite PUBLIC \"-//x//y\" \"" + serverUrl + "\"><testsuite/>");

        assertEquals(0, requests.get(), "the parser called the server");
    }

    @Test
    void aBillionLaughsIsRefusedWithoutExpandingIt() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        xml.append(" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for (int i = 2; i <= 9; i++) {
            xml.append(" <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        xml.append("]>\n<testsuite name=\"&lol9;\" tests=\"1\">&lol9;</testsuite>");

        long started = System.nanoTime();
        String message = refusal(xml.toString());

        assertTrue(message.contains("DOCTYPE"), message);
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "took too long: it was expanded");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        int depth = JUnitResults.MAX_DEPTH + 1;
        String xml = "<testsuite name='deep'>" + "<a>".repeat(depth - 1) + "</a>".repeat(depth - 1) + "</testsuite>";

        String message = refusal(xml);

        assertEquals("The file nests XML elements more than 64 levels deep (line 1); a JUnit report is never that deep.",
                message);
    }

    @Test
    void nestingUpToTheLimitIsRead() throws InvalidJUnit {
        int inside = JUnitResults.MAX_DEPTH - 1;
        String xml = "<testsuite name='deep' tests='0'>" + "<a>".repeat(inside) + "</a>".repeat(inside) + "</testsuite>";

        assertEquals(0, parse(xml).total());
    }

    @Test
    void moreElementsThanTheLimitIsRefused() {
        String xml = "<testsuite name='wide'>" + "<p/>".repeat(JUnitResults.MAX_ELEMENTS) + "</testsuite>";

        assertTrue(refusal(xml).startsWith("The file has more than 1000000 XML elements"));
    }

    private static void assertNoJavaInternals(String message) {
        assertFalse(message.matches("(?s).*\\b(java|javax|com\\.sun|jdk)\\.[a-z].*"), message);
        assertFalse(message.contains("Exception"), message);
        assertFalse(message.contains("\tat "), message);
    }
}
