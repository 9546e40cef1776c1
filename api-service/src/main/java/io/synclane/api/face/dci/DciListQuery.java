package io.synclane.api.face.dci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query of a DCI v1 list ({@code GET /api/v1/jobs?limit=10&offset=20&sort=status,-created_at
 * &where=status:new,team_id:...&embed=team,remoteci}), checked against what the listed resource offers.
 *
 * <p>Each of {@code sort}, {@code where} and {@code embed} is a comma-separated list, read as the DCI server
 * reads it (as one CSV line: an item in double quotes may hold commas) and may be repeated, the lists then
 * joining; empty items are skipped. {@code where} filters are {@code field:value}, split at the first colon
 * so the value may hold more. A parameter given with an empty value counts as not given.
 *
 * <p>Anything else is refused with an {@link InvalidQuery} naming the parameter, so a typo is not silently
 * answered with the whole list. Only what {@link Ignored} lists is accepted and dropped: the parameters,
 * filters and embeds that real clients send and this server has no use for.
 */
public record DciListQuery(int limit, int offset, List<Order> sort, List<Filter> where, Set<String> embed) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** Newest first, as the DCI server and its clients list. */
    public static final List<Order> DEFAULT_SORT = List.of(new Order("created_at", true));
    /** The parameters every list takes. */
    public static final Set<String> PARAMETERS = Set.of("limit", "offset", "sort", "where", "embed");

    /** {@code sort=field} ascending, {@code sort=-field} descending. */
    public record Order(String field, boolean descending) {
    }

    /** {@code where=field:value}: the field equals the value. */
    public record Filter(String field, String value) {
    }

    /**
     * What a resource accepts and drops instead of refusing. python-dciclient's {@code dcictl} sends
     * {@code where=state:active} on every list and may send {@code query}, and its job views embed
     * {@code topic}; a server without states, query language or topics still has to answer them.
     * A name the resource does offer is never ignored.
     *
     * @param parameters query keys to drop (e.g. {@code query})
     * @param whereFields {@code where} fields whose filters are dropped, so they match everything (e.g. {@code state})
     * @param embeds embed names to drop, with their dotted sub-embeds (e.g. {@code topic}, so {@code topic.tests} too)
     */
    public record Ignored(Set<String> parameters, Set<String> whereFields, Set<String> embeds) {
        public static final Ignored NOTHING = new Ignored(Set.of(), Set.of(), Set.of());

        public Ignored {
            parameters = Set.copyOf(parameters);
            whereFields = Set.copyOf(whereFields);
            embeds = Set.copyOf(embeds);
        }
    }

    /** A refused query: {@code key} is the query parameter at fault, the message says what is wrong with it. */
    public static final class InvalidQuery extends RuntimeException {
        private final String key;

        public InvalidQuery(String key, String message) {
            super(message);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public DciListQuery {
        sort = List.copyOf(sort);
        where = List.copyOf(where);
        // Kept in the order asked, so responses embed in a stable order.
        embed = Collections.unmodifiableSet(new LinkedHashSet<>(embed));
    }

    /** Parses a query that ignores nothing. */
    public static DciListQuery parse(Map<String, List<String>> params, Set<String> fields, Set<String> embeds) {
        return parse(params, fields, embeds, Ignored.NOTHING);
    }

    /**
     * @param params the query parameters, each with its values in the order given
     * @param fields the resource's fields that may be sorted and filtered on
     * @param embeds the names of the resources that may be embedded in each item
     */
    public static DciListQuery parse(Map<String, List<String>> params, Set<String> fields, Set<String> embeds,
            Ignored ignored) {
        for (String key : params.keySet()) {
            if (!PARAMETERS.contains(key) && !ignored.parameters().contains(key)) {
                throw new InvalidQuery(key, "Unknown parameter \"" + key + "\"; a list takes " + listed(PARAMETERS) + ".");
            }
        }
        int limit = number(params, "limit", DEFAULT_LIMIT, MAX_LIMIT, "; use offset to read further.");
        int offset = number(params, "offset", 0, Integer.MAX_VALUE, ".");

        List<Order> sort = new ArrayList<>();
        for (String item : items(params, "sort")) {
            boolean descending = item.startsWith("-");
            String field = descending ? item.substring(1) : item;
            if (!fields.contains(field)) {
                throw new InvalidQuery("sort", "Cannot sort by \"" + field + "\"; the fields are " + listed(fields) + ".");
            }
            sort.add(new Order(field, descending));
        }

        List<Filter> where = new ArrayList<>();
        for (String item : items(params, "where")) {
            int colon = item.indexOf(':');
            if (colon < 0) {
                throw new InvalidQuery("where", "The filter \"" + item + "\" is not field:value, e.g. status:new.");
            }
            String field = item.substring(0, colon);
            if (fields.contains(field)) {
                where.add(new Filter(field, item.substring(colon + 1)));
            } else if (!ignored.whereFields().contains(field)) {
                throw new InvalidQuery("where", "Cannot filter on \"" + field + "\"; the fields are " + listed(fields) + ".");
            }
        }

        Set<String> embed = new LinkedHashSet<>();
        for (String name : items(params, "embed")) {
            if (embeds.contains(name)) {
                embed.add(name);
            } else if (!ignored.embeds().contains(name.split("\\.", 2)[0])) {
                throw new InvalidQuery("embed", "Cannot embed \"" + name + "\"; the embeddable resources are "
                        + listed(embeds) + ".");
            }
        }

        return new DciListQuery(limit, offset, sort.isEmpty() ? DEFAULT_SORT : sort, where, embed);
    }

    private static int number(Map<String, List<String>> params, String key, int absent, int max, String advice) {
        List<String> values = values(params, key);
        if (values.size() > 1) {
            throw new InvalidQuery(key, key + " is given " + values.size() + " times; give it once.");
        }
        if (values.isEmpty()) {
            return absent;
        }
        String value = values.get(0);
        if (!value.matches("\\d+")) {
            throw new InvalidQuery(key, key + " must be a whole number, 0 or more, not \"" + value + "\".");
        }
        String digits = value.replaceFirst("^0+(?=\\d)", "");
        if (digits.length() > 10 || Long.parseLong(digits) > max) {
            throw new InvalidQuery(key, key + " must be at most " + max + ", not " + value + advice);
        }
        return Integer.parseInt(digits);
    }

    /** The items of a list parameter over all its occurrences, without empty ones. */
    private static List<String> items(Map<String, List<String>> params, String key) {
        List<String> items = new ArrayList<>();
        for (String value : values(params, key)) {
            for (String item : csv(value)) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
        }
        return items;
    }

    /** The non-empty values of a parameter: {@code ?limit=} is the default, as for the DCI server. */
    private static List<String> values(Map<String, List<String>> params, String key) {
        List<String> values = params.get(key);
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(value -> value != null && !value.isEmpty()).toList();
    }

    /**
     * One CSV line as Python's {@code csv.reader} splits it, which the DCI server uses: a double quote at the
     * start of an item quotes it up to the next lone double quote ({@code ""} inside is one quote); any other
     * double quote is an ordinary character.
     */
    static List<String> csv(String line) {
        List<String> items = new ArrayList<>();
        if (line.isEmpty()) {
            return items;
        }
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        boolean atStart = true;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c != '"') {
                    item.append(c);
                } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    item.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == ',') {
                items.add(item.toString());
                item.setLength(0);
                atStart = true;
                continue;
            } else if (c == '"' && atStart) {
                quoted = true;
            } else {
                item.append(c);
            }
            atStart = false;
        }
        items.add(item.toString());
        return items;
    }

    private static String listed(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names));
    }
}
