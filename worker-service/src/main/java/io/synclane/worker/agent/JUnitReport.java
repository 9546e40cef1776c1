package io.synclane.worker.agent;

import io.synclane.common.domain.VerificationStatus;
import io.synclane.worker.connector.Finding;
import io.synclane.worker.service.ImportPlan;
import io.synclane.worker.service.TaskVerdict;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An import's verdicts as JUnit XML ({@code application/junit}), which the DCI face turns into the job's results:
 * one test suite, a test case per task the report judged, {@code <failure>} for {@code fail} (listing the findings),
 * {@code <skipped/>} for {@code partial} (naming the CWEs the tool does not check), nothing for {@code pass}.
 */
public final class JUnitReport {
    public static final String MIME = "application/junit";

    private JUnitReport() {
    }

    public static String write(ImportPlan plan, Duration took) {
        long failures = plan.verdicts().stream().filter(v -> v.verdict() == VerificationStatus.FAIL).count();
        long skipped = plan.verdicts().stream().filter(v -> v.verdict() == VerificationStatus.PARTIAL).count();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"").append(escape(plan.tool())).append("\" tests=\"").append(plan.verdicts().size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\" time=\"").append(seconds(took)).append("\">\n");
        for (TaskVerdict verdict : plan.verdicts()) {
            xml.append("  <testcase classname=\"").append(escape(plan.tool())).append("\" name=\"")
                    .append(escape(verdict.taskId())).append("\" time=\"0\"");
            switch (verdict.verdict()) {
                case FAIL -> xml.append(">\n    <failure type=\"fail\" message=\"")
                        .append(escape(verdict.findings().size() + (verdict.findings().size() == 1 ? " finding" : " findings")
                                + " on the task's CWEs"))
                        .append("\">").append(escape(verdict.findings().stream().map(JUnitReport::describe)
                                .collect(Collectors.joining("\n"))))
                        .append("</failure>\n  </testcase>\n");
                case PARTIAL -> xml.append(">\n    <skipped message=\"").append(escape("partial: "
                        + verdict.uncheckedCwes().stream().sorted().map(cwe -> "CWE-" + cwe)
                                .collect(Collectors.joining(", ")) + " not checked by " + plan.tool()))
                        .append("\"/>\n  </testcase>\n");
                default -> xml.append("/>\n");
            }
        }
        return xml.append("</testsuite>\n").toString();
    }

    private static String describe(Finding finding) {
        return finding.ruleId() + ": " + finding.message() + (finding.location() == null || finding.location().isEmpty()
                ? "" : " at " + finding.location()) + " ("
                + finding.cwes().stream().sorted().map(cwe -> "CWE-" + cwe).collect(Collectors.joining(", ")) + ")";
    }

    private static String seconds(Duration took) {
        return String.format(Locale.ROOT, "%.3f", took.toNanos() / 1e9);
    }

    /**
     * Escaped for text and for attributes alike; characters XML 1.0 cannot hold at all (most control characters,
     * lone surrogates) become U+FFFD, since a tool's message is not ours to trust.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
        return out.toString();
    }
}
