package io.synclane.api.face.rpm;

import io.synclane.api.face.rpm.JobRunView.RequestView;
import io.synclane.api.face.rpm.JobRunView.StepView;

/**
 * Seed 003's XML, as Rails' {@code to_xml} writes it: dasherized names, {@code type="integer"} and
 * {@code type="datetime"} on typed values, {@code nil="true"} on nulls, two spaces per level.
 */
final class RpmXml {
    static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    static final String LIST_START = "<job-runs type=\"array\">\n";
    static final String LIST_END = "</job-runs>\n";

    private RpmXml() {
    }

    /** One {@code <job-run>} element, indented by {@code level}. */
    static String jobRun(JobRunView run, int level) {
        StringBuilder xml = new StringBuilder(1024);
        open(xml, level, "job-run");
        integer(xml, level + 1, "automation-id", run.automationId());
        datetime(xml, level + 1, "created-at", run.createdAt());
        datetime(xml, level + 1, "finished-at", run.finishedAt());
        integer(xml, level + 1, "id", run.id());
        text(xml, level + 1, "job-type", run.jobType());
        integer(xml, level + 1, "process-id", run.processId());
        text(xml, level + 1, "results-path", run.resultsPath());
        integer(xml, level + 1, "run-key", run.runKey());
        datetime(xml, level + 1, "started-at", run.startedAt());
        text(xml, level + 1, "status", run.status());
        text(xml, level + 1, "stderr", run.stderr());
        text(xml, level + 1, "stdout", run.stdout());
        datetime(xml, level + 1, "updated-at", run.updatedAt());
        StepView step = run.step();
        open(xml, level + 1, "step");
        text(xml, level + 2, "aasm-state", step.aasmState());
        integer(xml, level + 2, "id", step.id());
        text(xml, level + 2, "name", step.name());
        RequestView request = step.request();
        open(xml, level + 2, "request");
        text(xml, level + 3, "aasm-state", request.aasmState());
        integer(xml, level + 3, "id", request.id());
        text(xml, level + 3, "name", request.name());
        close(xml, level + 2, "request");
        close(xml, level + 1, "step");
        close(xml, level, "job-run");
        return xml.toString();
    }

    /** The error shape of Rails' {@code errors.to_xml}. */
    static String errors(String message) {
        StringBuilder xml = new StringBuilder(DECLARATION);
        open(xml, 0, "errors");
        text(xml, 1, "error", message);
        close(xml, 0, "errors");
        return xml.toString();
    }

    private static void open(StringBuilder xml, int level, String name) {
        indent(xml, level).append('<').append(name).append(">\n");
    }

    private static void close(StringBuilder xml, int level, String name) {
        indent(xml, level).append("</").append(name).append(">\n");
    }

    private static void integer(StringBuilder xml, int level, String name, Long value) {
        element(xml, level, name, " type=\"integer\"", value == null ? null : value.toString());
    }

    private static void datetime(StringBuilder xml, int level, String name, String value) {
        element(xml, level, name, " type=\"datetime\"", value);
    }

    private static void text(StringBuilder xml, int level, String name, String value) {
        element(xml, level, name, "", value);
    }

    private static void element(StringBuilder xml, int level, String name, String type, String value) {
        indent(xml, level).append('<').append(name).append(type);
        if (value == null) {
            xml.append(" nil=\"true\"></").append(name).append(">\n");
            return;
        }
        xml.append('>');
        escape(xml, value);
        xml.append("</").append(name).append(">\n");
    }

    private static StringBuilder indent(StringBuilder xml, int level) {
        for (int i = 0; i < level; i++) {
            xml.append("  ");
        }
        return xml;
    }

    /** Escapes markup; a character XML 1.0 cannot hold at all (most control characters) becomes U+FFFD. */
    private static void escape(StringBuilder xml, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '"' -> xml.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                        xml.append('\uFFFD');
                    } else {
                        xml.append(c);
                    }
                }
            }
        }
    }
}
