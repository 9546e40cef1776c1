package io.synclane.api.face.ui;

import io.synclane.api.http.Decimal;
import io.synclane.api.service.InvalidField;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.JobStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dashboard's query parameters, read here so that a wrong one is a 400 naming it (never Quarkus REST's bare 404
 * for a conversion failure). An empty value is no value.
 */
final class UiQuery {
    private UiQuery() {
    }

    static Long id(String name, String value) {
        if (blank(value)) {
            return null;
        }
        Long parsed = Decimal.parseLong(value.strip());
        if (parsed == null || parsed < 1) {
            throw new InvalidField(name, "Must be a record id (a positive integer).");
        }
        return parsed;
    }

    /** A keyset cursor: the id a page starts after ({@code after}) or below ({@code before}); 0 is a cursor too. */
    static Long cursor(String name, String value) {
        if (blank(value)) {
            return null;
        }
        Long parsed = Decimal.parseLong(value.strip());
        if (parsed == null || parsed < 0) {
            throw new InvalidField(name, "Must be a cursor: a record id from a previous page.");
        }
        return parsed;
    }

    static Integer integer(String name, String value) {
        if (blank(value)) {
            return null;
        }
        Integer parsed = Decimal.parseInt(value.strip());
        if (parsed == null) {
            throw new InvalidField(name, "Must be an integer.");
        }
        return parsed;
    }

    static ConnectionKind kind(String value) {
        if (blank(value)) {
            return null;
        }
        return switch (value.strip()) {
            case "alm" -> ConnectionKind.ALM;
            case "analysis" -> ConnectionKind.ANALYSIS;
            default -> throw new InvalidField("kind", "Must be alm or analysis.");
        };
    }

    /** One status or several, comma-separated: {@code failure,error}. */
    static List<JobStatus> statuses(String value) {
        if (blank(value)) {
            return null;
        }
        List<JobStatus> statuses = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            statuses.add(JobStatus.parse(part.strip()).orElseThrow(() -> new InvalidField("status",
                    "Must be one or more of " + Arrays.stream(JobStatus.values()).map(JobStatus::wire).toList()
                            + ", comma-separated.")));
        }
        return statuses;
    }

    /** {@code manual} (started by a person or client) or {@code automatic} (by the scheduler). */
    static Boolean manual(String value) {
        if (blank(value)) {
            return null;
        }
        return switch (value.strip()) {
            case "manual" -> true;
            case "automatic" -> false;
            default -> throw new InvalidField("trigger", "Must be manual or automatic.");
        };
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
