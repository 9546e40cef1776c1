package io.synclane.api.service;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a JUnit XML file (the report pytest, Maven Surefire, Ant and most CI tools write) into the counts a
 * results page shows, with {@code success = total - failures - errors - skips}.
 *
 * <p>The file comes from a user, so it is read as hostile: any DOCTYPE is refused before the parser acts on
 * it (no entity expansion, so no "billion laughs"; no external entity or DTD, so no file or network read),
 * and the nesting depth and the number of elements are bounded. It is read as a stream, so memory does not
 * grow with the number of test cases.
 *
 * <p>A {@code <testsuite>} root gives its own counts; a {@code <testsuites>} root gives the sum of its
 * suites. A suite's count attribute ({@code tests}, {@code failures}, {@code errors}, {@code skipped} or
 * {@code skips}) wins; a missing one is counted from the suite's {@code <testcase>} elements (a test case
 * with an {@code <error>} is an error, else with a {@code <failure>} a failure, else with a {@code <skipped>}
 * a skip) and from suites nested in it.
 */
public final class JUnitResults {
    /** Real reports nest 3 or 4 levels deep; a deeper file is an attack on the parser or its caller. */
    public static final int MAX_DEPTH = 64;
    /** Far more than any real report has; bounds the work a single upload can cause. */
    public static final int MAX_ELEMENTS = 1_000_000;

    /** One file's counts; {@code name} is null when the file names no suite. */
    public record Summary(String name, int total, int failures, int errors, int skips, int success, String time) {
    }

    /** The file is not a JUnit XML report this parser accepts; the message says why in the user's terms. */
    public static final class InvalidJUnit extends Exception {
        public InvalidJUnit(String message) {
            super(message);
        }
    }

    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d+");
    private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");

    private JUnitResults() {
    }

    public static Summary parse(byte[] xml) throws InvalidJUnit {
        if (xml == null || isBlank(xml)) {
            throw new InvalidJUnit("The file is empty; a JUnit XML report starts with <testsuites> or <testsuite>.");
        }
        XMLStreamReader reader = null;
        try {
            reader = factory().createXMLStreamReader(new ByteArrayInputStream(xml));
            return read(reader);
        } catch (XMLStreamException e) {
            throw notWellFormed(e);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing is held open: the input is an array
                }
            }
        }
    }

    private static XMLInputFactory factory() {
        // The JDK's own StAX parser, not whichever one the classpath brings: its handling of the settings
        // below is what the tests prove.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // Belt and braces: should anything still ask for an external resource, it gets none.
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not read: " + systemId);
        });
        return factory;
    }

    private static Summary read(XMLStreamReader reader) throws XMLStreamException, InvalidJUnit {
        Deque<Frame> open = new ArrayDeque<>();
        Suites root = null;
        int elements = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.DTD) {
                // Refused on sight, before anything in it is used: this is what keeps entity expansion and
                // external entities out. JUnit reports never carry a DOCTYPE.
                throw new InvalidJUnit("The file contains a DOCTYPE declaration (line " + line(reader)
                        + "); JUnit XML reports have none, and it is not accepted. Remove the <!DOCTYPE ...> line.");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (++elements > MAX_ELEMENTS) {
                    throw new InvalidJUnit("The file has more than " + MAX_ELEMENTS
                            + " XML elements, more than a JUnit report is allowed to have; split it into several files.");
                }
                if (open.size() + 1 > MAX_DEPTH) {
                    throw new InvalidJUnit("The file nests XML elements more than " + MAX_DEPTH + " levels deep (line "
                            + line(reader) + "); a JUnit report is never that deep.");
                }
                String element = reader.getLocalName();
                Frame parent = open.peek();
                if (parent == null) {
                    root = root(reader, element);
                    open.push(root);
                } else {
                    open.push(parent.child(reader, element));
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                open.pop().close();
            }
        }
        if (root == null) {
            throw new InvalidJUnit("The file has no root element; a JUnit XML report starts with <testsuites> or <testsuite>.");
        }
        return root.summary();
    }

    private static Suites root(XMLStreamReader reader, String element) throws InvalidJUnit {
        return switch (element) {
            case "testsuites" -> new Suites(reader.getAttributeValue(null, "name"),
                    seconds(reader, "time", "the testsuites element"));
            case "testsuite" -> new Suites(Suite.open(reader, null));
            default -> throw new InvalidJUnit("The file's root element is <" + element
                    + ">, so it is not a JUnit XML report; such a report starts with <testsuites> or <testsuite>.");
        };
    }

    /** An open element and what it does with the elements inside it. */
    private abstract static class Frame {
        Frame child(XMLStreamReader reader, String element) throws InvalidJUnit {
            return Other.INSTANCE;
        }

        void close() throws InvalidJUnit {
        }
    }

    /** Anything that is not counted: properties, system-out, a testcase's message text... */
    private static final class Other extends Frame {
        static final Other INSTANCE = new Other();
    }

    /** Counts with the time they took; a suite's, a test case's, or a sum of them. */
    private record Counts(long tests, long failures, long errors, long skips, BigDecimal time) {
        static final Counts NONE = new Counts(0, 0, 0, 0, BigDecimal.ZERO);

        Counts plus(Counts other) {
            return new Counts(tests + other.tests, failures + other.failures, errors + other.errors,
                    skips + other.skips, time.add(other.time));
        }
    }

    /** The root: the single root suite, or the suites a {@code <testsuites>} root sums. */
    private static final class Suites extends Frame {
        private final String name;
        private final String time;
        /** The suite a {@code <testsuite>} root is; null under a {@code <testsuites>} root. */
        private Suite single;
        private String firstSuiteName;
        private boolean anySuite;
        private Counts sum = Counts.NONE;

        Suites(String name, String time) {
            this.name = name;
            this.time = time;
        }

        /** A {@code <testsuite>} root: it is its own one suite. */
        Suites(Suite only) {
            this(only.name, only.time);
            only.parent = this;
            this.single = only;
        }

        @Override
        Frame child(XMLStreamReader reader, String element) throws InvalidJUnit {
            if (single != null) {
                return single.child(reader, element);
            }
            return element.equals("testsuite") ? Suite.open(reader, this) : Other.INSTANCE;
        }

        @Override
        void close() throws InvalidJUnit {
            if (single != null) {
                single.close();
            }
        }

        void add(Suite suite, Counts counts) {
            if (!anySuite) {
                anySuite = true;
                firstSuiteName = suite.name;
            }
            sum = sum.plus(counts);
        }

        Summary summary() throws InvalidJUnit {
            long success = sum.tests - sum.failures - sum.errors - sum.skips;
            if (success < 0) {
                throw new InvalidJUnit("The report counts more failures, errors and skips ("
                        + (sum.failures + sum.errors + sum.skips) + ") than tests (" + sum.tests
                        + "); correct its \"tests\" count.");
            }
            if (sum.tests > Integer.MAX_VALUE) {
                throw new InvalidJUnit("The report counts " + sum.tests + " tests, more than can be recorded.");
            }
            return new Summary(name != null ? name : firstSuiteName, (int) sum.tests, (int) sum.failures,
                    (int) sum.errors, (int) sum.skips, (int) success,
                    time != null ? time : sum.time.setScale(3, RoundingMode.HALF_UP).toPlainString());
        }
    }

    /** A {@code <testsuite>}: its count attributes, and what its test cases and nested suites add up to. */
    private static final class Suite extends Frame {
        private Frame parent;
        private final String name;
        private final Long tests;
        private final Long failures;
        private final Long errors;
        private final Long skips;
        private final String time;
        private Counts counted = Counts.NONE;

        private Suite(Frame parent, String name, Long tests, Long failures, Long errors, Long skips, String time) {
            this.parent = parent;
            this.name = name;
            this.tests = tests;
            this.failures = failures;
            this.errors = errors;
            this.skips = skips;
            this.time = time;
        }

        static Suite open(XMLStreamReader reader, Frame parent) throws InvalidJUnit {
            String name = reader.getAttributeValue(null, "name");
            String which = describe("testsuite", name, reader);
            String skipped = reader.getAttributeValue(null, "skipped") != null ? "skipped" : "skips";
            return new Suite(parent, name, count(reader, "tests", which), count(reader, "failures", which),
                    count(reader, "errors", which), count(reader, skipped, which), seconds(reader, "time", which));
        }

        @Override
        Frame child(XMLStreamReader reader, String element) throws InvalidJUnit {
            return switch (element) {
                case "testsuite" -> Suite.open(reader, this);
                case "testcase" -> new TestCase(this,
                        seconds(reader, "time", describe("testcase", reader.getAttributeValue(null, "name"), reader)));
                default -> Other.INSTANCE;
            };
        }

        void add(Counts counts) {
            counted = counted.plus(counts);
        }

        @Override
        void close() {
            Counts own = new Counts(tests != null ? tests : counted.tests, failures != null ? failures : counted.failures,
                    errors != null ? errors : counted.errors, skips != null ? skips : counted.skips,
                    time != null ? new BigDecimal(time) : counted.time);
            if (parent instanceof Suite suite) {
                suite.add(own);
            } else if (parent instanceof Suites suites) {
                suites.add(this, own);
            }
        }
    }

    /** A {@code <testcase>}: one test, whose outcome its {@code <error>}, {@code <failure>} or {@code <skipped>} says. */
    private static final class TestCase extends Frame {
        private final Suite suite;
        private final String time;
        private boolean error;
        private boolean failure;
        private boolean skipped;

        TestCase(Suite suite, String time) {
            this.suite = suite;
            this.time = time;
        }

        @Override
        Frame child(XMLStreamReader reader, String element) {
            switch (element) {
                case "error" -> error = true;
                case "failure" -> failure = true;
                case "skipped" -> skipped = true;
                default -> {
                }
            }
            return Other.INSTANCE;
        }

        @Override
        void close() {
            // One outcome per test, the worst, so that a test never counts twice against the total.
            suite.add(new Counts(1, !error && failure ? 1 : 0, error ? 1 : 0, !error && !failure && skipped ? 1 : 0,
                    time != null ? new BigDecimal(time) : BigDecimal.ZERO));
        }
    }

    private static Long count(XMLStreamReader reader, String attribute, String which) throws InvalidJUnit {
        String value = reader.getAttributeValue(null, attribute);
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        if (!WHOLE_NUMBER.matcher(trimmed).matches()) {
            throw new InvalidJUnit("The \"" + attribute + "\" count of " + which + " is \"" + value
                    + "\"; it must be a whole number, 0 or more.");
        }
        if (trimmed.length() > 10 || Long.parseLong(trimmed) > Integer.MAX_VALUE) {
            throw new InvalidJUnit("The \"" + attribute + "\" count of " + which + " is " + trimmed
                    + ", more than can be recorded.");
        }
        return Long.parseLong(trimmed);
    }

    /** A {@code time} attribute as written (e.g. "46.050"), checked to be seconds; null when absent. */
    private static String seconds(XMLStreamReader reader, String attribute, String which) throws InvalidJUnit {
        String value = reader.getAttributeValue(null, attribute);
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        if (!SECONDS.matcher(trimmed).matches() || trimmed.length() > 40) {
            throw new InvalidJUnit("The \"" + attribute + "\" of " + which + " is \"" + value
                    + "\"; it must be a number of seconds such as 46.050.");
        }
        return trimmed;
    }

    private static String describe(String element, String name, XMLStreamReader reader) {
        return name != null ? element + " \"" + name + "\"" : "the " + element + " on line " + line(reader);
    }

    private static int line(XMLStreamReader reader) {
        return reader.getLocation().getLineNumber();
    }

    private static boolean isBlank(byte[] xml) {
        for (byte b : xml) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static InvalidJUnit notWellFormed(XMLStreamException e) {
        // The JDK's message reads "ParseError at [row,col]:[1,5]\nMessage: <the words>"; keep the words and
        // say the position our way.
        String message = e.getMessage() == null ? "" : e.getMessage();
        int words = message.indexOf("Message: ");
        String reason = (words >= 0 ? message.substring(words + "Message: ".length()) : message).strip();
        Location location = e.getLocation();
        String where = location != null && location.getLineNumber() > 0
                ? " at line " + location.getLineNumber() + ", column " + location.getColumnNumber() : "";
        return new InvalidJUnit("The file is not well-formed XML" + where + (reason.isEmpty() ? "." : ": " + reason));
    }
}
