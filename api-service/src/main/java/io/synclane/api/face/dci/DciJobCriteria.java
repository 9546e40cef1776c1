package io.synclane.api.face.dci;

import io.synclane.api.http.Decimal;
import io.synclane.api.service.InvalidField;
import io.synclane.api.service.JobRecordService.JobListCriteria;
import io.synclane.api.service.Texts;
import io.synclane.common.job.JobRecordQueries.Field;
import io.synclane.common.job.JobRecordQueries.Filter;
import io.synclane.common.job.JobRecordQueries.Order;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A job list's DCI query ({@code where=k:v}, {@code sort=a,-b}) as the core's typed filters and orders. */
final class DciJobCriteria {
    private static final Map<String, Field> FIELDS = Map.of("id", Field.ID, "status", Field.STATUS,
            "comment", Field.COMMENT, "recheck", Field.RECHECK, "remoteci_id", Field.REMOTECI_ID,
            "jobdefinition_id", Field.CONNECTION_ID, "created_at", Field.CREATED_AT, "updated_at", Field.UPDATED_AT);

    private DciJobCriteria() {
    }

    static JobListCriteria of(DciListQuery query, long teamId) {
        List<Filter> filters = new ArrayList<>();
        for (DciListQuery.Filter where : query.where()) {
            if (where.field().equals("team_id")) {
                if (id(where) != teamId) {
                    filters.add(new Filter(Field.ID, List.of(-1L))); // lists are the caller's team's: none matches
                }
                continue;
            }
            Field field = FIELDS.get(where.field());
            filters.add(new Filter(field, values(field, where)));
        }
        List<Order> orders = new ArrayList<>();
        for (DciListQuery.Order order : query.sort()) {
            Field field = FIELDS.get(order.field());
            if (field != null) { // sorting one team's jobs by team_id orders nothing
                orders.add(new Order(field, order.descending()));
            }
        }
        return new JobListCriteria(filters, orders, query.limit(), query.offset());
    }

    private static List<Object> values(Field field, DciListQuery.Filter where) {
        String value = where.value();
        return switch (field) {
            case ID, REMOTECI_ID, CONNECTION_ID -> List.of(id(where));
            case RECHECK -> switch (value) {
                case "true" -> List.of(true);
                case "false" -> List.of(false);
                default -> throw new DciRefusal(400, "where", where.field() + " must be true or false");
            };
            case STATUS -> DciMapper.statusesShownAs(DciIds.status(value)).stream()
                    .map(status -> (Object) status.wire()).toList();
            case CREATED_AT, UPDATED_AT -> List.of(time(where));
            case COMMENT -> List.of(storable(where));
        };
    }

    private static long id(DciListQuery.Filter where) {
        Long id = Decimal.parseLong(where.value());
        if (id == null) {
            throw new DciRefusal(400, "where", where.field() + " must be an integer id");
        }
        return id;
    }

    /** A time PostgreSQL can compare with: years 1 to 9999 (it refused +99999 with an error). */
    private static OffsetDateTime time(DciListQuery.Filter where) {
        try {
            LocalDateTime time = LocalDateTime.parse(where.value());
            if (time.getYear() >= 1 && time.getYear() <= 9999) {
                return time.atOffset(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw new DciRefusal(400, "where", where.field() + " must be a time like 2026-12-03T07:40:01.123456");
    }

    /** A text compared in the database: PostgreSQL's rules of what it can hold, the face's key (where). */
    private static String storable(DciListQuery.Filter where) {
        try {
            Texts.storable(where.field(), where.value());
        } catch (InvalidField e) {
            throw new DciRefusal(400, "where", where.field() + " " + DciFieldNames.reason(e));
        }
        return where.value();
    }
}
