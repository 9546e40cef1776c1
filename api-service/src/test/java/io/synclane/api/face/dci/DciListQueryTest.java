package io.synclane.api.face.dci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synclane.api.face.dci.DciListQuery.Filter;
import io.synclane.api.face.dci.DciListQuery.Ignored;
import io.synclane.api.face.dci.DciListQuery.InvalidQuery;
import io.synclane.api.face.dci.DciListQuery.Order;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The DCI v1 list grammar, as {@code GET /api/v1/jobs} takes it (seed 004, README "DCI v1"). */
class DciListQueryTest {
    private static final Set<String> JOB_FIELDS = Set.of("id", "status", "comment", "created_at", "updated_at",
            "remoteci_id", "jobdefinition_id", "team_id", "recheck");
    private static final Set<String> JOB_EMBEDS = Set.of("team", "remoteci", "jobdefinition");
    /** What dcictl sends that jobs here have no use for. */
    private static final Ignored DCICTL = new Ignored(Set.of("query"), Set.of("state"), Set.of("topic"));

    /** A query string's parameters, as {@code key, value, key, value...}; a key may repeat. */
    private static Map<String, List<String>> query(String... keysAndValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.computeIfAbsent(keysAndValues[i], key -> new ArrayList<>()).add(keysAndValues[i + 1]);
        }
        return params;
    }

    private static DciListQuery jobs(String... keysAndValues) {
        return DciListQuery.parse(query(keysAndValues), JOB_FIELDS, JOB_EMBEDS, DCICTL);
    }

    private static InvalidQuery refused(String... keysAndValues) {
        return assertThrows(InvalidQuery.class, () -> jobs(keysAndValues));
    }

    private static void assertRefused(String key, String message, String... keysAndValues) {
        InvalidQuery refusal = refused(keysAndValues);
        assertEquals(key, refusal.key());
        assertEquals(message, refusal.getMessage());
    }

    @Test
    void withoutParametersAListIsTheNewestHundred() {
        DciListQuery query = jobs();

        assertEquals(new DciListQuery(100, 0, List.of(new Order("created_at", true)), List.of(), Set.of()), query);
    }

    @Test
    void theDcictlJobListIsAccepted() {
        DciListQuery query = jobs("sort", "-created_at", "limit", "50", "offset", "0", "where", "state:active",
                "embed", "jobdefinition,remoteci,team");

        assertEquals(new DciListQuery(50, 0, List.of(new Order("created_at", true)), List.of(),
                Set.of("jobdefinition", "remoteci", "team")), query);
    }

    @Nested
    class LimitAndOffset {
        @Test
        void areWholeNumbers() {
            DciListQuery query = jobs("limit", "10", "offset", "20");

            assertEquals(10, query.limit());
            assertEquals(20, query.offset());
        }

        @Test
        void mayBeZero() {
            assertEquals(0, jobs("limit", "0").limit());
            assertEquals(0, jobs("offset", "0").offset());
        }

        @Test
        void limitGoesUpToAThousand() {
            assertEquals(1000, jobs("limit", "1000").limit());
        }

        @Test
        void emptyMeansTheDefault() {
            DciListQuery query = jobs("limit", "", "offset", "");

            assertEquals(100, query.limit());
            assertEquals(0, query.offset());
        }

        @Test
        void aLimitOverAThousandIsRefused() {
            assertRefused("limit", "limit must be at most 1000, not 1001; use offset to read further.", "limit", "1001");
            assertRefused("limit", "limit must be at most 1000, not 99999999999999; use offset to read further.",
                    "limit", "99999999999999");
        }

        @Test
        void aNegativeOrNonNumericValueIsRefused() {
            assertRefused("limit", "limit must be a whole number, 0 or more, not \"-1\".", "limit", "-1");
            assertRefused("limit", "limit must be a whole number, 0 or more, not \"ten\".", "limit", "ten");
            assertRefused("offset", "offset must be a whole number, 0 or more, not \"1.5\".", "offset", "1.5");
            assertRefused("offset", "offset must be a whole number, 0 or more, not \"-20\".", "offset", "-20");
        }

        @Test
        void anOffsetBeyondAnIntIsRefused() {
            assertRefused("offset", "offset must be at most 2147483647, not 2147483648.", "offset", "2147483648");
        }

        @Test
        void mayBeGivenOnlyOnce() {
            assertRefused("limit", "limit is given 2 times; give it once.", "limit", "10", "limit", "20");
        }
    }

    @Nested
    class Sort {
        @Test
        void isCommaSeparatedAndAMinusMeansDescending() {
            assertEquals(List.of(new Order("status", false), new Order("created_at", true)),
                    jobs("sort", "status,-created_at").sort());
        }

        @Test
        void repeatedJoinsInOrder() {
            assertEquals(List.of(new Order("team_id", false), new Order("updated_at", true)),
                    jobs("sort", "team_id", "sort", "-updated_at").sort());
        }

        @Test
        void emptyIsTheDefaultNewestFirst() {
            assertEquals(List.of(new Order("created_at", true)), jobs("sort", "").sort());
            assertEquals(List.of(new Order("created_at", true)), jobs("sort", ",").sort());
        }

        @Test
        void anUnknownFieldIsRefused() {
            assertRefused("sort", "Cannot sort by \"name\"; the fields are comment, created_at, id, jobdefinition_id,"
                    + " recheck, remoteci_id, status, team_id, updated_at.", "sort", "-name");
        }
    }

    @Nested
    class Where {
        @Test
        void isCommaSeparatedFieldColonValue() {
            assertEquals(List.of(new Filter("status", "new"), new Filter("team_id", "0c6b70b0")),
                    jobs("where", "status:new,team_id:0c6b70b0").where());
        }

        @Test
        void repeatedJoins() {
            assertEquals(List.of(new Filter("status", "new"), new Filter("recheck", "true")),
                    jobs("where", "status:new", "where", "recheck:true").where());
        }

        @Test
        void theValueIsEverythingAfterTheFirstColon() {
            assertEquals(List.of(new Filter("comment", "run at 12:30:00")),
                    jobs("where", "comment:run at 12:30:00").where());
        }

        @Test
        void theValueMayBeEmpty() {
            assertEquals(List.of(new Filter("comment", "")), jobs("where", "comment:").where());
        }

        @Test
        void aQuotedClauseMayHoldCommasAsForTheDciServersCsvReading() {
            assertEquals(List.of(new Filter("comment", "a, b"), new Filter("status", "new")),
                    jobs("where", "\"comment:a, b\",status:new").where());
            assertEquals(List.of(new Filter("comment", "say \"hi\"")),
                    jobs("where", "\"comment:say \"\"hi\"\"\"").where());
        }

        @Test
        void aQuoteInsideAClauseIsAnOrdinaryCharacter() {
            assertEquals(List.of(new Filter("comment", "6\" pipe")), jobs("where", "comment:6\" pipe").where());
        }

        @Test
        void anIgnoredFieldIsDroppedSoItMatchesEverything() {
            assertEquals(List.of(new Filter("status", "new")), jobs("where", "state:active,status:new").where());
        }

        @Test
        void aClauseWithoutAColonIsRefused() {
            assertRefused("where", "The filter \"status\" is not field:value, e.g. status:new.", "where", "status");
        }

        @Test
        void anUnknownFieldIsRefused() {
            assertRefused("where", "Cannot filter on \"name\"; the fields are comment, created_at, id, jobdefinition_id,"
                    + " recheck, remoteci_id, status, team_id, updated_at.", "where", "status:new,name:x");
        }

        @Test
        void aFieldIsOnlyIgnoredWhereTheCallerSaysSo() {
            InvalidQuery refusal = assertThrows(InvalidQuery.class,
                    () -> DciListQuery.parse(query("where", "state:active"), JOB_FIELDS, JOB_EMBEDS));
            assertEquals("where", refusal.key());
        }
    }

    @Nested
    class Embed {
        @Test
        void isCommaSeparatedInTheOrderAsked() {
            assertEquals(List.of("team", "remoteci"), List.copyOf(jobs("embed", "team,remoteci").embed()));
        }

        @Test
        void repeatedJoinsAndDuplicatesCollapse() {
            assertEquals(Set.of("team", "remoteci"), jobs("embed", "team", "embed", "remoteci,team").embed());
        }

        @Test
        void anIgnoredResourceIsDroppedWithItsSubResources() {
            assertEquals(Set.of("remoteci"), jobs("embed", "topic,topic.tests,remoteci").embed());
        }

        @Test
        void anUnknownResourceIsRefused() {
            assertRefused("embed", "Cannot embed \"components\"; the embeddable resources are jobdefinition, remoteci,"
                    + " team.", "embed", "team,components");
        }

        @Test
        void aSubResourceIsRefusedUnlessOffered() {
            assertRefused("embed", "Cannot embed \"remoteci.tests\"; the embeddable resources are jobdefinition,"
                    + " remoteci, team.", "embed", "remoteci.tests");
        }
    }

    @Nested
    class Parameters {
        @Test
        void anUnknownParameterIsRefusedByName() {
            assertRefused("page_size", "Unknown parameter \"page_size\"; a list takes embed, limit, offset, sort, where.",
                    "limit", "10", "page_size", "10");
        }

        @Test
        void anIgnoredParameterIsAcceptedAndHasNoEffect() {
            assertEquals(jobs(), jobs("query", "eq(status,new)"));
        }

        @Test
        void withoutIgnoredParametersDcictlsExtrasAreRefused() {
            InvalidQuery refusal = assertThrows(InvalidQuery.class,
                    () -> DciListQuery.parse(query("query", "x"), JOB_FIELDS, JOB_EMBEDS));
            assertEquals("query", refusal.key());
        }

        @Test
        void keysAreCaseSensitive() {
            assertEquals("Limit", refused("Limit", "10").key());
        }

        @Test
        void theResultCannotBeChanged() {
            DciListQuery query = jobs("sort", "status", "where", "status:new", "embed", "team");

            assertThrows(UnsupportedOperationException.class, () -> query.sort().clear());
            assertThrows(UnsupportedOperationException.class, () -> query.where().clear());
            assertThrows(UnsupportedOperationException.class, () -> query.embed().clear());
        }
    }

    @Test
    void csvSplitsAsPythonsCsvReader() {
        // Expected values are what python3's list(csv.reader([line]))[0] gives.
        assertEquals(Arrays.asList("a\"b", "c,dx", ""), DciListQuery.csv("a\"b,\"c,d\"x,"));
        assertEquals(List.of("abc"), DciListQuery.csv("\"abc"));
        assertEquals(List.of(), DciListQuery.csv(""));
    }
}
