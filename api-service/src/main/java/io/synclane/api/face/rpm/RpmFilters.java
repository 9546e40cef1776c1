package io.synclane.api.face.rpm;

import io.synclane.api.face.rpm.RpmMapper.RunStatus;
import io.synclane.api.http.Decimal;
import io.synclane.api.service.InvalidField;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobRunQueries.RunCriteria;
import io.synclane.common.job.JobRunType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seed 003's filters of {@code GET /v1/job_runs}, ANDed, as plain query parameters ({@code ?status=Complete})
 * or in RPM's own {@code filters[status]=Complete} spelling. {@code status} may repeat (any of them); a wrong
 * type, an unknown name or another repeated filter is refused naming it.
 */
final class RpmFilters {
    static final List<String> NAMES = List.of("currently_running", "run_key", "status", "job_type", "process_id",
            "automation_id", "user_id", "step_id");
    /** Query parameters that are not filters: the credential and the format (seed 003's "common attributes"). */
    private static final Set<String> ATTRIBUTES = Set.of("token", "format");
    private static final Pattern BRACKETED = Pattern.compile("^filters\\[([^\\]]*)\\]$");

    private RpmFilters() {
    }

    static RunCriteria parse(MultivaluedMap<String, String> query) {
        Map<String, List<String>> filters = new HashMap<>();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            String name = parameter.getKey();
            if (ATTRIBUTES.contains(name)) {
                continue;
            }
            Matcher bracketed = BRACKETED.matcher(name);
            String filter = bracketed.matches() ? bracketed.group(1) : name;
            if (!NAMES.contains(filter)) {
                throw new InvalidField(filter, "is not a filter of job runs; the filters are " + String.join(", ", NAMES));
            }
            filters.computeIfAbsent(filter, f -> new ArrayList<>()).addAll(parameter.getValue());
        }
        List<JobStatus> statuses = filters.containsKey("status")
                ? filters.get("status").stream().map(RpmFilters::status).toList() : null;
        String jobType = single(filters, "job_type");
        return new RunCriteria(bool(filters, "currently_running"), integer(filters, "run_key"), statuses,
                jobType == null ? null : type(jobType), integer(filters, "process_id"), integer(filters, "automation_id"),
                integer(filters, "user_id"), integer(filters, "step_id"));
    }

    private static String single(Map<String, List<String>> filters, String name) {
        List<String> values = filters.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidField(name, "is given more than once");
        }
        return values.get(0);
    }

    private static Long integer(Map<String, List<String>> filters, String name) {
        String value = single(filters, name);
        if (value == null) {
            return null;
        }
        Long parsed = Decimal.parseLong(value.trim());
        if (parsed == null) {
            throw new InvalidField(name, "must be an integer");
        }
        return parsed;
    }

    private static Boolean bool(Map<String, List<String>> filters, String name) {
        String value = single(filters, name);
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidField(name, "must be true or false");
        };
    }

    private static JobStatus status(String word) {
        return RunStatus.parse(word).map(s -> s.status).orElseThrow(() -> new InvalidField("status",
                "must be one of " + String.join(", ", RunStatus.words())));
    }

    private static JobRunType type(String word) {
        return RpmMapper.jobType(word).orElseThrow(() -> new InvalidField("job_type", "must be automation or notification"));
    }
}
