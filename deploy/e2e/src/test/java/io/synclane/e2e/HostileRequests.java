package io.synclane.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.synclane.e2e.HostileRequest.Expect;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Generates hostile requests over every route of the four faces (/api/v2, /api/v1, /v1 and the dashboard's /ui) from one seed: the same seed gives the same
 * requests. Each route is described once ({@link Spec}: its path and ids, its body's fields with their types and
 * limits, which credentials it refuses, whether a success writes rows); the defects are generic and chosen by what
 * the route takes. A request that could write a row always carries a defect the route must refuse, so that the
 * database may be counted before and after.
 */
final class HostileRequests {
    /** Lengths the faces promise to refuse above (400 naming the field). */
    static final int NAME_MAX = 255;
    static final int EMAIL_MAX = 254;
    static final int TEXT_MAX = 65_536;
    static final int COMMENT_MAX = 4_096;
    static final int URL_MAX = 2_048;
    static final int PARAM_KEY_MAX = 128;
    static final int PARAM_VALUE_MAX = 8_192;
    static final int PARAM_KEYS_MAX = 100;
    static final int PARAMS_DEPTH_MAX = 4;
    static final int JSON_DEPTH_MAX = 32;
    static final int JSON_TOKENS_MAX = 100_000;
    /** Bodies over these are refused with 413 before they are read whole. */
    static final int V2_BODY_MAX = 1 << 20;
    static final int DCI_BODY_MAX = 256 << 10;
    static final int DCI_TASKS_BODY_MAX = 4 << 20;
    static final int DCI_FILE_BODY_MAX = (16 << 20) + (64 << 10);
    static final int RPM_BODY_MAX = 64 << 10;
    static final int UI_BODY_MAX = 64 << 10;
    /** Webhooks: at most this many connections named. */
    static final int WEBHOOK_CONNECTIONS_MAX = 1000;
    /**
     * Requests per route by default: the suite's 12,000 over its first 97 routes. The total grows with the routes, so
     * that a new route family is probed as hard as the old ones without thinning them out.
     */
    static final int BUDGET_PER_ROUTE = 124;

    private static final String MARK = "@@HOSTILE@@";
    private static final JsonMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

    enum Cred { OWNER, VIEWER, FOREIGN, SUPER, AGENT_A, AGENT_B }

    /** What a body field is, for the defects that fit it. */
    enum Type { TEXT, WORD, LONG, INT, BOOL, PARAMS, LIST, SYSTEM, ID, DTEXT, DWORD, DBOOL, TASKS, CONTENT,
        /** A webhook's target: an https URL the SSRF guard lets through. */
        URL,
        /** A webhook's statuses: a list of ended statuses. */
        STATUSES,
        /** A list of the team's record ids (a webhook's connections). */
        IDS }

    record Field(String path, Type type, boolean required, int max) {
        /** The name a refusal uses: the first element of the path. */
        String named() {
            int dot = path.indexOf('.');
            return dot < 0 ? path : path.substring(0, dot);
        }
    }

    enum Query { NONE, V2_PAGED, V2_PROJECTS, V2_CONNECTIONS, V2_USERS, V2_JOBS, V2_TASKS, V2_STREAM, DCI_JOBS, DCI_PLAIN,
        DCI_ONE, RPM_LIST, RPM_ONE, UI_JOBS, UI_CONNECTIONS }

    /** One route of a face, and what it takes. */
    static final class Spec {
        final String face;
        final String method;
        final String template;
        /** The valid values of each {@code {x}} placeholder of the template, in order. */
        Supplier<List<String>> validPath = List::of;
        /** Ids of the other team's records for the same placeholders (the owner's credential must not reach them). */
        Supplier<List<String>> foreignPath = null;
        Supplier<Map<String, Object>> validBody = null;
        List<Field> fields = List.of();
        boolean raw;
        boolean creates;
        boolean changes;
        boolean jsonOnly;
        Cred cred = Cred.OWNER;
        /** Credentials this route refuses even with a valid path and body. */
        Set<Cred> refusing = Set.of();
        Query query = Query.NONE;
        /** DCI routes guarded by an ETag: the current one, to reach the body's checks. */
        Supplier<String> etag = null;
        boolean benignChanges;
        /** Public: answers without credentials (the dashboard's pages and redirects), so bad ones are not refused. */
        boolean open;
        int bodyMax;

        Spec(String face, String method, String template) {
            this.face = face;
            this.method = method;
            this.template = template;
            this.bodyMax = switch (face) {
                case "/api/v2" -> V2_BODY_MAX;
                case "/api/v1" -> DCI_BODY_MAX;
                case "/ui" -> UI_BODY_MAX;
                default -> RPM_BODY_MAX;
            };
        }

        String route() {
            return method + " " + template;
        }

        boolean hasIds() {
            return template.contains("{");
        }

        boolean writes() {
            return creates || changes;
        }
    }

    private final HostileFixture f;
    private final Random rnd;
    private final int apiPort;
    private final int workerPort;
    private final List<Spec> specs = new ArrayList<>();
    private final Map<String, Set<String>> methodsByTemplate = new TreeMap<>();
    private int next;

    HostileRequests(HostileFixture fixture, long seed) {
        this.f = fixture;
        this.rnd = new Random(seed);
        this.apiPort = fixture.api.port();
        this.workerPort = fixture.worker.port();
        catalogue();
        for (Spec spec : specs) {
            methodsByTemplate.computeIfAbsent(spec.template, t -> new LinkedHashSet<>()).add(spec.method);
        }
    }

    List<Spec> specs() {
        return specs;
    }

    /** {@code total} requests: every route {@code perRoute} times first, then routes at random. */
    List<HostileRequest> generate(int total, int perRoute) {
        List<HostileRequest> requests = new ArrayList<>();
        for (int round = 0; round < perRoute; round++) {
            for (Spec spec : specs) {
                requests.add(make(spec));
            }
        }
        while (requests.size() < total) {
            requests.add(make(specs.get(rnd.nextInt(specs.size()))));
        }
        return requests;
    }

    // ---- the catalogue: every route of the three faces --------------------------------------------------------

    private void catalogue() {
        String[] kinds = {"alm", "analysis"};
        // /api/v2: projects and tasks
        Spec s = v2("GET", "/api/v2/projects/");
        s.query = Query.V2_PROJECTS;
        s = v2("POST", "/api/v2/projects/");
        s.creates = true;
        s.jsonOnly = true;
        s.refusing = Set.of(Cred.AGENT_A);
        s.validBody = () -> body("name", uniqueName("project"), "description", "made by a hostile client", "profile", "web-app");
        s.fields = List.of(new Field("name", Type.TEXT, true, NAME_MAX), new Field("description", Type.TEXT, false, TEXT_MAX),
                new Field("profile", Type.WORD, false, NAME_MAX));
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            s = v2(method, "/api/v2/projects/{id}/");
            s.validPath = () -> List.of(String.valueOf(method.equals("GET") ? f.projectA : f.projectA2));
            s.foreignPath = () -> List.of(String.valueOf(f.projectB));
            s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_A);
            if (method.equals("PATCH")) {
                s.changes = true;
                s.jsonOnly = true;
                s.benignChanges = true;
                s.validBody = () -> body("name", uniqueName("renamed"), "description", "changed");
                s.fields = List.of(new Field("name", Type.TEXT, false, NAME_MAX), new Field("description", Type.TEXT, false, TEXT_MAX));
            }
            if (method.equals("DELETE")) {
                s.changes = true;
                s.validPath = () -> List.of(String.valueOf(f.projectA2));
            }
        }
        s = v2("GET", "/api/v2/projects/{id}/tasks/");
        s.validPath = () -> List.of(String.valueOf(f.projectA));
        s.foreignPath = () -> List.of(String.valueOf(f.projectB));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_A);
        s.query = Query.V2_TASKS;

        for (String kind : kinds) {
            boolean alm = kind.equals("alm");
            // connectors
            s = v2("GET", "/api/v2/connectors/" + kind + "/");
            s.query = Query.V2_PAGED;
            s = v2("POST", "/api/v2/connectors/" + kind + "/");
            s.creates = true;
            s.jsonOnly = true;
            s.refusing = Set.of(Cred.VIEWER, Cred.AGENT_A);
            s.validBody = () -> body("name", uniqueName("connector"), "system", body("id", alm ? "redmine" : "noop"),
                    "params", alm ? almParams() : new LinkedHashMap<>());
            s.fields = connectorFields();
            for (String method : List.of("GET", "PATCH", "DELETE")) {
                s = v2(method, "/api/v2/connectors/" + kind + "/{id}/");
                s.validPath = () -> List.of(String.valueOf(alm ? f.almConnectorA : f.victimConnectorA));
                s.foreignPath = () -> List.of(String.valueOf(f.connectorB));
                s.refusing = method.equals("GET") ? Set.of(Cred.AGENT_A) : Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
                if (method.equals("PATCH")) {
                    s.changes = true;
                    s.jsonOnly = true;
                    s.benignChanges = !alm;
                    s.validBody = () -> body("name", uniqueName("connector"), "params", alm ? almParams() : new LinkedHashMap<>());
                    s.fields = List.of(new Field("name", Type.TEXT, false, NAME_MAX), new Field("system", Type.SYSTEM, false, NAME_MAX),
                            new Field("inaccessible", Type.BOOL, false, 0), new Field("params", Type.PARAMS, false, 0));
                }
                if (method.equals("DELETE")) {
                    s.changes = true;
                }
            }
            // connections
            s = v2("GET", "/api/v2/connections/" + kind + "/");
            s.query = Query.V2_CONNECTIONS;
            s = v2("POST", "/api/v2/connections/" + kind + "/");
            s.creates = true;
            s.jsonOnly = true;
            s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
            s.validBody = () -> body("alias", uniqueName("connection"), "connector", alm ? f.almConnectorA : f.analysisConnectorA,
                    "project", f.projectA, "params", alm ? body("alm_project", "hostile") : new LinkedHashMap<>(),
                    "schedule_minute", 5, "debug_mode", false);
            s.fields = connectionFields();
            for (String method : List.of("GET", "PATCH", "DELETE")) {
                s = v2(method, "/api/v2/connections/" + kind + "/{id}/");
                s.validPath = () -> List.of(String.valueOf(alm ? f.almConnectionA : f.victimConnectionA));
                s.foreignPath = () -> List.of(String.valueOf(f.noopConnectionB));
                s.refusing = method.equals("GET") ? Set.of(Cred.FOREIGN, Cred.AGENT_A)
                        : Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
                if (method.equals("PATCH")) {
                    s.changes = true;
                    s.jsonOnly = true;
                    s.benignChanges = !alm;
                    s.validBody = () -> body("alias", uniqueName("connection"), "schedule_hour", 3);
                    s.fields = connectionFields().stream().map(x -> new Field(x.path(), x.type(), false, x.max())).toList();
                }
                if (method.equals("DELETE")) {
                    s.changes = true;
                }
            }
            s = v2("POST", "/api/v2/connections/" + kind + "/{id}/sync/");
            s.creates = true;
            s.validPath = () -> List.of(String.valueOf(alm ? f.almConnectionA : f.noopConnectionA));
            s.foreignPath = () -> List.of(String.valueOf(f.noopConnectionB));
            s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
            // jobs
            s = v2("GET", "/api/v2/jobs/" + kind + "/");
            s.query = Query.V2_JOBS;
            s = v2("GET", "/api/v2/jobs/" + kind + "/{id}/");
            s.validPath = () -> List.of(String.valueOf(alm ? f.reportedJobA : f.endedJobA));
            s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
            s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_A);
            for (String action : List.of("cancel", "rerun")) {
                s = v2("POST", "/api/v2/jobs/" + kind + "/{id}/" + action + "/");
                s.creates = true; // a rerun makes a job; a cancel of the running agent job would end it
                s.validPath = () -> List.of(String.valueOf(alm ? f.reportedJobA : f.endedJobA));
                s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
                s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
            }
            s = v2("GET", "/api/v2/projects/{id}/jobs/" + kind + "/");
            s.validPath = () -> List.of(String.valueOf(f.projectA));
            s.foreignPath = () -> List.of(String.valueOf(f.projectB));
            s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_A);
            s.query = Query.V2_JOBS;
            s = v2("POST", "/api/v2/projects/{id}/jobs/" + kind + "/");
            s.creates = true;
            s.jsonOnly = true;
            s.validPath = () -> List.of(String.valueOf(f.projectA));
            s.foreignPath = () -> List.of(String.valueOf(f.projectB));
            s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
            s.validBody = () -> body("connection", alm ? f.almConnectionA : f.noopConnectionA, "result_message",
                    "ran elsewhere", "succeeded", true, "automatic", true);
            s.fields = List.of(new Field("connection", Type.LONG, true, 0), new Field("result_message", Type.TEXT, true, TEXT_MAX),
                    new Field("succeeded", Type.BOOL, true, 0), new Field("automatic", Type.BOOL, false, 0),
                    new Field("manual", Type.BOOL, false, 0));
        }
        for (String test : List.of("testalm", "testanalysis")) {
            boolean alm = test.equals("testalm");
            s = v2("POST", "/api/v2/connectors/" + test + "/");
            s.jsonOnly = true;
            s.refusing = Set.of(Cred.VIEWER, Cred.AGENT_A);
            s.validBody = () -> body("name", "probe", "system", body("id", alm ? "redmine" : "sarif"),
                    "params", alm ? almParams() : body("report_path", "report.sarif"));
            s.fields = List.of(new Field("name", Type.TEXT, false, NAME_MAX), new Field("system", Type.SYSTEM, true, NAME_MAX),
                    new Field("params", Type.PARAMS, true, 0));
            s = v2("POST", "/api/v2/connections/" + test + "/");
            s.jsonOnly = true;
            s.refusing = Set.of(Cred.VIEWER, Cred.AGENT_A);
            s.validBody = () -> body("alias", "probe", "connector", alm ? f.almConnectorA : f.analysisConnectorA,
                    "project", f.projectA, "params", alm ? body("alm_project", "x") : new LinkedHashMap<>());
            s.fields = List.of(new Field("alias", Type.TEXT, false, NAME_MAX), new Field("connector", Type.LONG, false, 0),
                    new Field("project", Type.LONG, false, 0), new Field("params", Type.PARAMS, false, 0));
        }
        s = v2("GET", "/api/v2/jobs/stream");
        s.query = Query.V2_STREAM;
        // teams, users, tokens
        s = v2("GET", "/api/v2/teams/");
        s.query = Query.V2_PAGED;
        s = v2("POST", "/api/v2/teams/");
        s.creates = true;
        s.jsonOnly = true;
        s.cred = Cred.SUPER;
        s.refusing = Set.of(Cred.OWNER, Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
        s.validBody = () -> body("name", uniqueName("team"), "advanced_alm", false);
        s.fields = List.of(new Field("name", Type.TEXT, true, NAME_MAX), new Field("advanced_alm", Type.BOOL, false, 0));
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            s = v2(method, "/api/v2/teams/{id}/");
            s.validPath = () -> List.of(String.valueOf(f.teamA));
            s.foreignPath = () -> List.of(String.valueOf(f.teamB));
            s.refusing = method.equals("DELETE") ? Set.of(Cred.OWNER, Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A)
                    : method.equals("PATCH") ? Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A) : Set.of(Cred.FOREIGN, Cred.AGENT_A);
            if (method.equals("PATCH")) {
                s.changes = true;
                s.jsonOnly = true;
                s.validBody = () -> body("name", "Hostile A");
                s.fields = List.of(new Field("name", Type.TEXT, false, NAME_MAX), new Field("advanced_alm", Type.BOOL, false, 0));
            }
            if (method.equals("DELETE")) {
                s.changes = true;
                s.cred = Cred.FOREIGN;
            }
        }
        s = v2("GET", "/api/v2/users/");
        s.query = Query.V2_USERS;
        s = v2("POST", "/api/v2/users/");
        s.creates = true;
        s.jsonOnly = true;
        s.refusing = Set.of(Cred.VIEWER, Cred.AGENT_A);
        s.validBody = () -> body("email", uniqueName("user").replaceAll("[^a-z0-9-]", "") + "@hostile-a.test",
                "name", "Someone", "is_admin", false, "permissions", List.of("edit_alm_connections"));
        s.fields = List.of(new Field("email", Type.TEXT, true, EMAIL_MAX), new Field("name", Type.TEXT, false, NAME_MAX),
                new Field("team", Type.LONG, false, 0), new Field("is_admin", Type.BOOL, false, 0),
                new Field("permissions", Type.LIST, false, 0));
        s = v2("GET", "/api/v2/users/me/");
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            s = v2(method, "/api/v2/users/{id}/");
            s.validPath = () -> List.of(String.valueOf(method.equals("DELETE") ? f.owner.id() : f.viewer.id()));
            s.foreignPath = () -> List.of(String.valueOf(f.foreigner.id()));
            s.refusing = method.equals("GET") ? Set.of(Cred.FOREIGN, Cred.AGENT_A) : Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
            if (method.equals("PATCH")) {
                s.changes = true;
                s.jsonOnly = true;
                s.validBody = () -> body("name", "Viewer");
                s.fields = List.of(new Field("email", Type.TEXT, false, EMAIL_MAX), new Field("name", Type.TEXT, false, NAME_MAX),
                        new Field("is_admin", Type.BOOL, false, 0), new Field("permissions", Type.LIST, false, 0));
            }
            if (method.equals("DELETE")) {
                s.changes = true;
            }
        }
        s = v2("GET", "/api/v2/users/{id}/tokens/");
        s.validPath = () -> List.of(String.valueOf(f.owner.id()));
        s.foreignPath = () -> List.of(String.valueOf(f.foreigner.id()));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_A);
        s = v2("POST", "/api/v2/users/{id}/tokens/");
        s.creates = true;
        s.jsonOnly = true;
        s.validPath = () -> List.of(String.valueOf(f.owner.id()));
        s.foreignPath = () -> List.of(String.valueOf(f.foreigner.id()));
        s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
        s.validBody = () -> body("name", "ci");
        s.fields = List.of(new Field("name", Type.TEXT, false, NAME_MAX));
        s = v2("DELETE", "/api/v2/users/{id}/tokens/{token}/");
        s.changes = true;
        s.validPath = () -> List.of(String.valueOf(f.owner.id()), String.valueOf(f.ownerTokenId));
        s.foreignPath = () -> List.of(String.valueOf(f.foreigner.id()), String.valueOf(f.foreignTokenId));
        s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
        s.cred = Cred.VIEWER;
        // webhooks: their team's admins' only (a member 403, another team's 404); the secret in the answers to a
        // creation and a rotation only
        s = v2("GET", "/api/v2/webhooks/");
        s.query = Query.V2_PAGED;
        s.refusing = Set.of(Cred.VIEWER, Cred.AGENT_A);
        s = v2("POST", "/api/v2/webhooks/");
        s.creates = true;
        s.jsonOnly = true;
        s.refusing = Set.of(Cred.VIEWER, Cred.AGENT_A);
        s.validBody = this::webhookBody;
        s.fields = webhookFields(true);
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            s = v2(method, "/api/v2/webhooks/{id}/");
            s.validPath = () -> List.of(String.valueOf(method.equals("DELETE") ? f.victimWebhookA : f.webhookA));
            s.foreignPath = () -> List.of(String.valueOf(f.webhookB));
            s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
            if (method.equals("PATCH")) {
                s.changes = true;
                s.jsonOnly = true;
                s.benignChanges = true; // the same URL, statuses with success, the triggered connection among them
                s.validBody = this::webhookBody;
                s.fields = webhookFields(false);
            }
            if (method.equals("DELETE")) {
                s.changes = true;
            }
        }
        s = v2("POST", "/api/v2/webhooks/{id}/rotate_secret/");
        s.changes = true;
        s.benignChanges = true; // the inactive victim's: answered with a new secret, no row written
        s.validPath = () -> List.of(String.valueOf(f.victimWebhookA));
        s.foreignPath = () -> List.of(String.valueOf(f.webhookB));
        s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);

        // /api/v1 (DCI)
        s = dci("GET", "/api/v1/identity");
        s.cred = Cred.AGENT_A;
        s = dci("POST", "/api/v1/jobs");
        s.creates = true;
        s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_B);
        s.validBody = () -> body("jobdefinition_id", f.noopConnectionA, "comment", "hostile", "recheck", false);
        s.fields = List.of(new Field("jobdefinition_id", Type.ID, true, 0), new Field("team_id", Type.ID, false, 0),
                new Field("remoteci_id", Type.ID, false, 0), new Field("comment", Type.DTEXT, false, COMMENT_MAX),
                new Field("recheck", Type.DBOOL, false, 0));
        s = dci("GET", "/api/v1/jobs");
        s.query = Query.DCI_JOBS;
        s = dci("GET", "/api/v1/jobs/{id}");
        s.validPath = () -> List.of(String.valueOf(f.agentJobA));
        s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s.query = Query.DCI_ONE;
        s = dci("PUT", "/api/v1/jobs/{id}");
        s.changes = true;
        s.validPath = () -> List.of(String.valueOf(f.agentJobA));
        s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s.etag = () -> f.agentJobEtag;
        s.validBody = () -> body("comment", "noted");
        s.fields = List.of(new Field("comment", Type.DTEXT, false, COMMENT_MAX), new Field("status", Type.DWORD, false, NAME_MAX));
        s = dci("DELETE", "/api/v1/jobs/{id}");
        s.changes = true;
        s.validPath = () -> List.of(String.valueOf(f.endedJobA));
        s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
        s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A, Cred.AGENT_B);
        s = dci("POST", "/api/v1/jobs/schedule");
        s.creates = true;
        s.cred = Cred.AGENT_A;
        s.refusing = Set.of(Cred.OWNER, Cred.VIEWER, Cred.FOREIGN);
        s.validBody = () -> body("remoteci_id", f.agentA.id());
        s.fields = List.of(new Field("remoteci_id", Type.ID, false, 0));
        s = dci("POST", "/api/v1/jobs/recheck");
        s.creates = true;
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s.validBody = () -> body("job_id", f.endedJobA);
        s.fields = List.of(new Field("job_id", Type.ID, true, 0));
        s = dci("POST", "/api/v1/jobs/{id}/recheck");
        s.creates = true;
        s.validPath = () -> List.of(String.valueOf(f.endedJobA));
        s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s = dci("POST", "/api/v1/jobstates");
        s.creates = true;
        s.cred = Cred.AGENT_A;
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s.validBody = () -> body("job_id", f.agentJobA, "status", "running", "comment", "progress");
        s.fields = List.of(new Field("job_id", Type.ID, true, 0), new Field("status", Type.DWORD, true, NAME_MAX),
                new Field("comment", Type.DTEXT, false, COMMENT_MAX));
        s = dci("GET", "/api/v1/jobstates/{id}");
        s.validPath = () -> List.of(String.valueOf(f.agentStateA));
        s.foreignPath = () -> List.of(String.valueOf(f.stateB));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s = dci("GET", "/api/v1/jobs/{id}/jobstates");
        s.validPath = () -> List.of(String.valueOf(f.agentJobA));
        s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s.query = Query.DCI_PLAIN;
        s = dci("POST", "/api/v1/jobs/{id}/files");
        s.creates = true;
        s.cred = Cred.AGENT_A;
        s.bodyMax = DCI_FILE_BODY_MAX;
        s.validPath = () -> List.of(String.valueOf(f.agentJobA));
        s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s.validBody = () -> body("name", "hostile.log", "mime", "text/plain", "content", "some output", "jobstate_id", f.agentStateA);
        s.fields = List.of(new Field("name", Type.DTEXT, true, NAME_MAX), new Field("mime", Type.DTEXT, false, NAME_MAX),
                new Field("content", Type.CONTENT, false, 0), new Field("md5", Type.DTEXT, false, NAME_MAX),
                new Field("jobstate_id", Type.ID, false, 0));
        s = dci("POST", "/api/v1/files");
        s.creates = true;
        s.raw = true;
        s.cred = Cred.AGENT_A;
        s.bodyMax = DCI_FILE_BODY_MAX;
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s = dci("GET", "/api/v1/jobs/{id}/files");
        s.validPath = () -> List.of(String.valueOf(f.agentJobA));
        s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s.query = Query.DCI_PLAIN;
        for (String suffix : List.of("", "/content")) {
            s = dci("GET", "/api/v1/files/{id}" + suffix);
            s.validPath = () -> List.of(String.valueOf(rnd.nextBoolean() ? f.fileA : f.junitFileA));
            s.foreignPath = () -> List.of(String.valueOf(f.fileB));
            s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        }
        s = dci("GET", "/api/v1/jobs/{id}/results");
        s.validPath = () -> List.of(String.valueOf(f.agentJobA));
        s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s = dci("GET", "/api/v1/jobs/{id}/tasks");
        s.cred = Cred.AGENT_A;
        s.validPath = () -> List.of(String.valueOf(f.agentJobA));
        s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
        s.refusing = Set.of(Cred.OWNER, Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_B);
        s = dci("POST", "/api/v1/jobs/{id}/tasks");
        s.creates = true;
        s.cred = Cred.AGENT_A;
        s.bodyMax = DCI_TASKS_BODY_MAX;
        s.validPath = () -> List.of(String.valueOf(f.agentJobA));
        s.foreignPath = () -> List.of(String.valueOf(f.endedJobB));
        s.refusing = Set.of(Cred.OWNER, Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_B);
        s.validBody = () -> body("tasks", List.of(body("id", f.taskA, "status", "DONE", "verification_status", "pass",
                "alm_issue", body("key", "HOSTILE-1", "url", "http://127.0.0.1:1/issues/1", "synced_done", true))));
        s.fields = List.of(new Field("tasks", Type.TASKS, true, 0));
        s = dci("POST", "/api/v1/remotecis");
        s.creates = true;
        s.refusing = Set.of(Cred.VIEWER, Cred.AGENT_A, Cred.AGENT_B);
        s.validBody = () -> body("name", uniqueName("agent"));
        s.fields = List.of(new Field("name", Type.DTEXT, true, NAME_MAX), new Field("team_id", Type.ID, false, 0));
        s = dci("GET", "/api/v1/remotecis");
        s.query = Query.DCI_PLAIN;
        s = dci("GET", "/api/v1/remotecis/{id}");
        s.validPath = () -> List.of(String.valueOf(f.victimAgentA.id()));
        s.foreignPath = () -> List.of(String.valueOf(f.agentB.id()));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_B);
        s = dci("PUT", "/api/v1/remotecis/{id}");
        s.changes = true;
        s.validPath = () -> List.of(String.valueOf(f.victimAgentA.id()));
        s.foreignPath = () -> List.of(String.valueOf(f.agentB.id()));
        s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A, Cred.AGENT_B);
        s.etag = () -> f.victimAgentEtag;
        s.validBody = () -> body("name", "victim", "state", "active");
        s.fields = List.of(new Field("name", Type.DTEXT, false, NAME_MAX), new Field("state", Type.DWORD, false, NAME_MAX));
        s = dci("DELETE", "/api/v1/remotecis/{id}");
        s.changes = true;
        s.validPath = () -> List.of(String.valueOf(f.victimAgentA.id()));
        s.foreignPath = () -> List.of(String.valueOf(f.agentB.id()));
        s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A, Cred.AGENT_B);
        s = dci("PUT", "/api/v1/remotecis/{id}/api_secret");
        s.changes = true;
        s.validPath = () -> List.of(String.valueOf(f.victimAgentA.id()));
        s.foreignPath = () -> List.of(String.valueOf(f.agentB.id()));
        s.refusing = Set.of(Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A, Cred.AGENT_B);

        // /v1 (RPM)
        for (String suffix : List.of("", ".json", ".xml")) {
            s = rpm("GET", "/v1/job_runs" + suffix);
            s.query = Query.RPM_LIST;
            s = rpm("GET", "/v1/job_runs/{id}" + suffix);
            s.validPath = () -> List.of(String.valueOf(f.runA));
            s.foreignPath = () -> List.of(String.valueOf(f.runB));
            s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_A);
            s.query = Query.RPM_ONE;
        }
        s = rpm("GET", "/v1/job_runs/{id}/output");
        s.validPath = () -> List.of(String.valueOf(f.runA));
        s.foreignPath = () -> List.of(String.valueOf(f.runB));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_A);
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            s = rpm(method, method.equals("POST") ? "/v1/job_runs" : "/v1/job_runs/{id}");
            s.creates = true;
            s.validPath = () -> List.of(String.valueOf(f.runA));
            s.refusing = Set.of(Cred.OWNER, Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);
            s.validBody = () -> body("status", "Complete", "process_id", 1);
        }
        s = rpm("GET", "/v1/{other}");
        s.validPath = () -> List.of(pick("requests", "steps", "job_runs/1/x/y", "automation_results", "plans"));
        s.refusing = Set.of(Cred.OWNER, Cred.VIEWER, Cred.FOREIGN, Cred.AGENT_A);

        // the dashboard (/ui): its JSON, read-only and its team's only, to a Token header (an agent's Basic is 401);
        // its pages and the redirects to them, public
        for (String part : List.of("session", "overview")) {
            s = ui("GET", "/ui/api/" + part);
            s.refusing = Set.of(Cred.AGENT_A);
        }
        s = ui("GET", "/ui/api/jobs");
        s.query = Query.UI_JOBS;
        s.refusing = Set.of(Cred.AGENT_A);
        s = ui("GET", "/ui/api/jobs/{kind}/{id}");
        s.validPath = () -> pick(List.of("analysis", id(f.endedJobA)), List.of("alm", id(f.reportedJobA)),
                List.of("analysis", id(f.agentJobA)));
        s.foreignPath = () -> List.of(pick("analysis", "alm"), id(f.endedJobB));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_A);
        s = ui("GET", "/ui/api/jobs/{kind}/{id}/files/{file}");
        s.validPath = () -> List.of("analysis", id(f.agentJobA), id(pick(f.fileA, f.junitFileA, f.htmlFileA)));
        // another team's file, on its job or on one of ours; one of ours on another team's job
        s.foreignPath = () -> pick(List.of("analysis", id(f.endedJobB), id(f.fileB)),
                List.of("analysis", id(f.agentJobA), id(f.fileB)), List.of("analysis", id(f.endedJobB), id(f.fileA)));
        s.refusing = Set.of(Cred.FOREIGN, Cred.AGENT_A);
        s = ui("GET", "/ui/api/connections");
        s.query = Query.UI_CONNECTIONS;
        s.refusing = Set.of(Cred.AGENT_A);
        for (String path : List.of("/", "/ui")) {
            s = ui("GET", path);
            s.open = true;
        }
        s = ui("GET", "/ui/{page}");
        s.open = true;
        s.validPath = () -> List.of(pick("", "index.html", "jobs.html", "job.html", "connections.html", "signin.html",
                "css/app.css", "js/app.js", "js/live.js", "icon.svg"));
    }

    private static String id(long id) {
        return String.valueOf(id);
    }

    /** A valid webhook: the fixture's receiver, statuses with success, the triggered connection or all of them. */
    private Map<String, Object> webhookBody() {
        List<String> statuses = new ArrayList<>(List.of("success"));
        for (String status : List.of("failure", "error", "killed")) {
            if (rnd.nextBoolean()) {
                statuses.add(rnd.nextInt(statuses.size() + 1), status);
            }
        }
        List<Long> connections = pick(List.of(), List.of(f.noopConnectionA), List.of(f.almConnectionA, f.noopConnectionA));
        return body("url", f.webhookUrl, "statuses", statuses, "connections", connections, "active", true);
    }

    private static List<Field> webhookFields(boolean create) {
        return List.of(new Field("url", Type.URL, create, URL_MAX), new Field("statuses", Type.STATUSES, false, 0),
                new Field("connections", Type.IDS, false, 0), new Field("active", Type.BOOL, false, 0));
    }

    private Spec v2(String method, String template) {
        return add(new Spec("/api/v2", method, template));
    }

    private Spec dci(String method, String template) {
        return add(new Spec("/api/v1", method, template));
    }

    private Spec rpm(String method, String template) {
        return add(new Spec("/v1", method, template));
    }

    private Spec ui(String method, String template) {
        return add(new Spec("/ui", method, template));
    }

    private Spec add(Spec spec) {
        specs.add(spec);
        return spec;
    }

    private static List<Field> connectorFields() {
        return List.of(new Field("name", Type.TEXT, true, NAME_MAX), new Field("system", Type.SYSTEM, true, NAME_MAX),
                new Field("inaccessible", Type.BOOL, false, 0), new Field("params", Type.PARAMS, true, 0));
    }

    private static List<Field> connectionFields() {
        return List.of(new Field("alias", Type.TEXT, true, NAME_MAX), new Field("connector", Type.LONG, true, 0),
                new Field("project", Type.LONG, true, 0), new Field("params", Type.PARAMS, true, 0),
                new Field("frequency", Type.WORD, false, NAME_MAX), new Field("debug_mode", Type.BOOL, false, 0),
                new Field("schedule_timezone", Type.WORD, false, NAME_MAX), new Field("schedule_minute", Type.INT, false, 0),
                new Field("schedule_hour", Type.INT, false, 0), new Field("schedule_day", Type.INT, false, 0),
                new Field("schedule_paused", Type.BOOL, false, 0));
    }

    private Map<String, Object> almParams() {
        return body("alm_server", ssrfUrl(), "alm_api_token", f.plantedParamSecrets.get(0), "alm_project", "hostile");
    }

    // ---- making one request --------------------------------------------------------------------------------------

    private enum Defect { AUTH, CRED, METHOD, BAD_ID, FOREIGN_ID, QUERY, BODY, CONTENT_TYPE, OVERSIZE, BENIGN, ETAG,
        HTTP_LIMIT }

    private HostileRequest make(Spec spec) {
        List<Defect> fitting = new ArrayList<>(List.of(Defect.AUTH, Defect.METHOD, Defect.OVERSIZE));
        if (!spec.refusing.isEmpty()) {
            fitting.add(Defect.CRED);
        }
        if (spec.hasIds() && spec.foreignPath != null) {
            fitting.add(Defect.FOREIGN_ID);
        }
        if (spec.hasIds() && !spec.template.equals("/v1/{other}")) {
            fitting.add(Defect.BAD_ID);
            fitting.add(Defect.BAD_ID);
        }
        if (spec.query != Query.NONE) {
            fitting.addAll(List.of(Defect.QUERY, Defect.QUERY, Defect.QUERY));
        }
        if (spec.validBody != null && spec.face.equals("/api/v2") || spec.validBody != null && spec.face.equals("/api/v1")
                || spec.raw) {
            for (int i = 0; i < 6; i++) {
                fitting.add(Defect.BODY);
            }
        }
        if (spec.jsonOnly) {
            fitting.add(Defect.CONTENT_TYPE);
        }
        if (!spec.creates && (!spec.changes || spec.benignChanges)) {
            fitting.add(Defect.BENIGN);
            fitting.add(Defect.BENIGN);
        }
        if (spec.etag != null || spec.route().startsWith("DELETE /api/v1/") || spec.route().startsWith("PUT /api/v1/remotecis/{id}/")) {
            fitting.add(Defect.ETAG);
        }
        Defect defect = rnd.nextInt(100) == 0 ? Defect.HTTP_LIMIT : fitting.get(rnd.nextInt(fitting.size()));
        Draft draft = new Draft(spec);
        switch (defect) {
            case AUTH -> badCredentials(draft);
            case CRED -> refusedCredentials(draft);
            case METHOD -> wrongMethod(draft);
            case BAD_ID -> badId(draft);
            case FOREIGN_ID -> foreignId(draft);
            case QUERY -> query(draft);
            case BODY -> body(draft);
            case CONTENT_TYPE -> contentType(draft);
            case OVERSIZE -> oversize(draft);
            case BENIGN -> benign(draft);
            case ETAG -> etag(draft);
            case HTTP_LIMIT -> httpLimit(draft);
        }
        return draft.build(next++);
    }

    /** A request being made: starts valid (the route's path, body and credential), then gets its defect. */
    private final class Draft {
        final Spec spec;
        String method;
        List<String> ids;
        final Map<String, String> query = new LinkedHashMap<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        Map<String, Object> body;
        byte[] bytes;
        boolean chunked;
        /** Sent even on a method that takes none (an oversized GET): the edge must refuse it all the same. */
        boolean forceBody;
        Cred cred;
        boolean noCredential;
        Expect expect = Expect.REFUSE;
        String field;
        String defect;
        String rawPath;

        Draft(Spec spec) {
            this.spec = spec;
            this.method = spec.method;
            this.ids = spec.validPath.get();
            this.cred = spec.cred;
            this.body = spec.validBody == null ? null : spec.validBody.get();
            if (spec.etag != null) {
                headers.put("If-Match", "\"" + spec.etag.get() + "\"");
            }
            if (spec.raw) {
                headers.put("DCI-JOB-ID", String.valueOf(f.agentJobA));
                headers.put("DCI-NAME", "hostile.txt");
                headers.put("DCI-MIME", "text/plain");
                bytes = "plain text\n".getBytes(StandardCharsets.UTF_8);
            }
        }

        HostileRequest build(int index) {
            String path = rawPath != null ? rawPath : fill(spec.template, ids);
            Map<String, String> sent = new LinkedHashMap<>();
            if (!noCredential) {
                credential(sent);
            }
            sent.putAll(headers);
            byte[] payload = bytes;
            if (payload == null && body != null) {
                payload = json(body).getBytes(StandardCharsets.UTF_8);
            }
            if (payload != null && !sent.containsKey("Content-Type") && !spec.raw && !spec.face.equals("/v1")) {
                sent.put("Content-Type", "application/json");
            }
            if (payload != null && !allowsBody(method) && !forceBody) {
                payload = null;
            }
            if (spec.face.equals("/v1") && !noCredential && !sent.containsKey("token")) {
                query.put("token", key(cred));
            }
            String full = path + queryString();
            return new HostileRequest(index, spec.face, spec.route(), defect, method, full, sent, payload, chunked,
                    expect, field);
        }

        private String queryString() {
            if (query.isEmpty()) {
                return "";
            }
            StringBuilder q = new StringBuilder();
            query.forEach((name, value) -> {
                q.append(q.isEmpty() ? "?" : "&");
                q.append(name.startsWith("%RAW%") ? name.substring(5) : encode(name));
                if (value != null) {
                    q.append('=').append(value.startsWith("%RAW%") ? value.substring(5) : encode(value));
                }
            });
            return q.toString();
        }

        private void credential(Map<String, String> sent) {
            switch (spec.face) {
                case "/api/v2", "/ui" -> sent.put("Authorization", cred == Cred.AGENT_A || cred == Cred.AGENT_B
                        ? HostileFixture.agentBasic(cred == Cred.AGENT_A ? f.agentA : f.agentB) : "Token " + key(cred));
                case "/api/v1" -> sent.put("Authorization", switch (cred) {
                    case OWNER -> HostileFixture.basic(f.owner);
                    case VIEWER -> HostileFixture.basic(f.viewer);
                    case FOREIGN -> HostileFixture.basic(f.foreigner);
                    case SUPER -> HostileFixture.basic(HostileFixture.ADMIN_EMAIL, f.adminToken);
                    case AGENT_A -> HostileFixture.agentBasic(f.agentA);
                    case AGENT_B -> HostileFixture.agentBasic(f.agentB);
                });
                default -> {
                    // /v1: the token goes in the query (see build), or in a header a defect sets
                }
            }
        }
    }

    private String key(Cred cred) {
        return switch (cred) {
            case OWNER -> f.owner.key();
            case VIEWER -> f.viewer.key();
            case FOREIGN -> f.foreigner.key();
            case SUPER -> f.adminToken;
            case AGENT_A -> f.agentA.secret();
            case AGENT_B -> f.agentB.secret();
        };
    }

    // ---- the defects ---------------------------------------------------------------------------------------------

    private void badCredentials(Draft d) {
        d.noCredential = true;
        d.defect = "bad credentials";
        String face = d.spec.face;
        if (face.equals("/v1")) {
            int choice = rnd.nextInt(7);
            switch (choice) {
                case 0 -> d.defect = "no token";
                case 1 -> d.query.put("token", "");
                case 2 -> d.query.put("token", randomHex(43));
                case 3 -> d.query.put("token", f.revokedKey);
                case 4 -> d.query.put("token", "%RAW%" + "%00" + f.owner.key().substring(0, 10));
                case 5 -> d.headers.put("token", randomHex(20));
                default -> d.query.put("token", pick("' OR '1'='1", "../../etc/passwd", "null", "undefined"));
            }
            return;
        }
        List<String> values = new ArrayList<>();
        if (d.spec.open) {
            d.expect = Expect.ANY; // a public page or redirect: credentials, good or bad, are not read
            d.defect = "bad credentials on a public page";
        }
        if (face.equals("/api/v2") || face.equals("/ui")) {
            values.addAll(List.of("Token", "Token ", "Token " + randomHex(43), "Token " + f.revokedKey,
                    "Bearer " + f.owner.key(), HostileFixture.basic(f.owner), HostileFixture.agentBasic(f.agentA),
                    "Token " + f.agentA.secret(), "Token " + f.owner.key() + " " + f.owner.key(), "Token " + "A".repeat(3000),
                    "Token ' OR '1'='1", "Token " + f.owner.key().toUpperCase(), "Tokenx " + f.owner.key(), "Basic",
                    "Token ../../etc/passwd"));
        } else {
            values.addAll(List.of("Basic", "Basic !!!not-base64!!!", HostileFixture.basic(f.owner.email(), randomHex(43)),
                    HostileFixture.basic(f.owner.email(), f.revokedKey), HostileFixture.basic(f.foreigner.email(), f.owner.key()),
                    HostileFixture.basic("remoteci/" + f.agentA.id(), randomHex(64)),
                    HostileFixture.basic("remoteci/" + f.agentA.id(), f.agentB.secret()),
                    HostileFixture.basic("remoteci/-1", "x"), HostileFixture.basic("remoteci/abc", "x"),
                    HostileFixture.basic("remoteci/99999999999999999999", "x"), HostileFixture.basic("", f.owner.key()),
                    "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
                    "Token " + f.owner.key(), HostileFixture.basic(f.owner.email() + "\u0000", f.owner.key()),
                    HostileFixture.basic("' OR '1'='1", f.owner.key()), HostileFixture.basic(f.owner.email(), "' OR '1'='1"),
                    "DCI2-HMAC-SHA256 Credential=remoteci/" + f.agentA.id() + "/20261203/BHS3/api/dci2_request, "
                            + "SignedHeaders=host;x-dci-date, Signature=" + randomHex(64),
                    "AWS4-HMAC-SHA256 Credential=x", HostileFixture.basic("remoteci/" + f.agentA.id() + "\u0000", f.agentA.secret())));
        }
        int choice = rnd.nextInt(values.size() + 1);
        if (choice == values.size()) {
            d.defect = d.spec.open ? "no credentials on a public page" : "no credentials";
        } else {
            d.headers.put("Authorization", values.get(choice));
        }
        if (d.spec.etag != null) {
            d.headers.put("If-Match", "\"" + d.spec.etag.get() + "\"");
        }
    }

    private void refusedCredentials(Draft d) {
        List<Cred> refusing = new ArrayList<>(d.spec.refusing);
        refusing.sort(null);
        d.cred = refusing.get(rnd.nextInt(refusing.size()));
        d.defect = "credential refused here: " + d.cred;
        if (d.spec.face.equals("/v1") && rnd.nextBoolean()) {
            d.headers.put("token", key(d.cred));
            d.noCredential = true;
        }
    }

    private void wrongMethod(Draft d) {
        Set<String> allowed = methodsByTemplate.getOrDefault(d.spec.template, Set.of());
        List<String> others = new ArrayList<>();
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            if (!allowed.contains(method)) {
                others.add(method);
            }
        }
        if (d.spec.face.equals("/v1")) {
            others.remove("GET");
        }
        if (others.isEmpty() || rnd.nextInt(8) == 0) {
            others.add(pick("TRACE", "FOO", "PROPFIND"));
        }
        d.method = others.get(rnd.nextInt(others.size()));
        d.defect = "wrong method " + d.method;
        if (d.spec.template.equals("/v1/{other}")) {
            d.expect = Expect.REFUSE;
        }
    }

    private static final List<String> BAD_IDS = List.of("-1", "0", "99999999999999999999", "9223372036854775807",
            "-9223372036854775808", "abc", "1.5", "1e3", "0x10", "%00", "1%00", "%2e%2e", "1%27%20OR%20%271%27%3D%271",
            "%20", "1;DROP%20TABLE%20job", "%EF%BC%91", "NaN", "null", "undefined", "%252e%252e", "1%0d%0a");

    /** Pages that do not exist: 404 in the dashboard's shape. */
    private static final List<String> NO_PAGES = List.of("no-such-page.html", "-1", "index.html.bak", "index.html%00",
            ".%00.html", "%00", "WEB-INF/web.xml", "META-INF/resources/ui/index.html", "js/nope.js", "application.properties",
            "%EF%BC%91", "index.html%0d%0aSet-Cookie:%20x=1", "js/app.js%3Fx", "css/app.css.map");
    /** Paths that climb out of /ui/ or dress a page up: may be answered (a page, a redirect, a 404), never a file. */
    private static final List<String> PAGE_TRICKS = List.of("%2e%2e/%2e%2e/etc/passwd", "..%2f..%2f..%2fetc%2fpasswd",
            "js/..%2f..%2fapplication.properties", "..%2fapplication.properties", "..;/api/session", "%c0%ae%c0%ae/etc/passwd",
            "js/../index.html", "./index.html", "INDEX.HTML", "js/", "css", "index.html/", "..%5c..%5cwindows%5cwin.ini",
            "%252e%252e/%252e%252e/etc/passwd", "api/../index.html", "api", "api/", "api/session/..", "//etc/passwd",
            "js/%2e%2e/%2e%2e/q/health", "index.html;jsessionid=x", "index.html?page=../../etc/passwd",
            "....//....//etc/passwd", "%2e%2e/%2e%2e/%2e%2e/proc/self/environ");

    private void badId(Draft d) {
        if (d.spec.template.equals("/ui/{page}")) {
            boolean trick = rnd.nextBoolean();
            String page = trick ? pick(PAGE_TRICKS) : pick(NO_PAGES);
            d.rawPath = "/ui/" + page;
            d.expect = trick ? Expect.ANY : Expect.REFUSE;
            d.defect = (trick ? "a path trick " : "no such page ") + page;
            return;
        }
        List<String> ids = new ArrayList<>(d.ids);
        int at = rnd.nextInt(ids.size());
        String bad = BAD_IDS.get(rnd.nextInt(BAD_IDS.size()));
        ids.set(at, bad);
        d.rawPath = fill(d.spec.template, ids);
        d.defect = "invalid id " + bad;
        if (d.spec.etag != null) {
            d.headers.put("If-Match", "\"" + d.spec.etag.get() + "\"");
        }
    }

    private void foreignId(Draft d) {
        d.ids = d.spec.foreignPath.get();
        d.defect = "another team's record";
        if (d.spec.route().equals("DELETE /api/v2/users/{id}/tokens/{token}/") || d.spec.route().startsWith("DELETE /api/v2/teams")) {
            d.cred = Cred.OWNER;
        }
    }

    private void query(Draft d) {
        Query q = d.spec.query;
        List<Runnable> options = new ArrayList<>();
        switch (q) {
            case V2_PAGED, V2_PROJECTS, V2_CONNECTIONS, V2_USERS, V2_JOBS -> {
                if (!d.spec.hasIds() || q == Query.V2_JOBS) {
                    options.add(() -> refuse(d, "page_size", pick("0", "-1", "1001", "99999999999", "abc", "1.5", "%RAW%%00", "1e3", " 5x")));
                    options.add(() -> {
                        d.query.put("page_size", pick("10", "1000", "1"));
                        refuse(d, "page", pick("0", "-1", "-2147483648", "abc", "99999999999", "2147483647", "%RAW%%00", "1.0"));
                    });
                    options.add(() -> {
                        d.query.put("page_size", "1000");
                        any(d, "page", pick("3", "1000", "2000000"));
                    });
                    options.add(() -> refuse(d, "page", pick("2147483647", "2147484", "9999999")));
                    options.add(() -> any(d, pick("ordering", "search", "offset", "limit", "format"), hostileText()));
                }
            }
            default -> {
            }
        }
        switch (q) {
            case V2_PROJECTS -> {
                options.add(() -> any(d, "name", hostileText()));
                options.add(() -> refuse(d, "name", "%RAW%" + pick("%00", "x%00y", "%00%00")));
                options.add(() -> refuse(d, "name", "x".repeat(NAME_MAX + 1 + rnd.nextInt(1500))));
            }
            case V2_CONNECTIONS -> {
                options.add(() -> refuse(d, "project", pick("abc", "99999999999999999999", "1.5", "%RAW%%00", "' OR 1=1")));
                options.add(() -> any(d, "project", pick("-1", "0", String.valueOf(f.projectB))));
                options.add(() -> any(d, "include", hostileText()));
            }
            case V2_USERS -> {
                options.add(() -> refuse(d, "team", pick("abc", "99999999999999999999", "%RAW%%00", "1.5")));
                options.add(() -> {
                    refuse(d, "team", pick(String.valueOf(f.teamB), "-1", "0")); // another team's: 404, as its id
                    d.field = null;
                });
            }
            case V2_JOBS -> {
                options.add(() -> refuse(d, pick("completed", "ready", "manual", "automatic", "succeeded"),
                        pick("maybe", "2", "%RAW%%00", "' OR 1=1", "truee")));
                options.add(() -> refuse(d, pick("connection", "user"), pick("abc", "1.5", "99999999999999999999", "%RAW%%00")));
                options.add(() -> {
                    d.query.put("page_size", "10");
                    refuse(d, "before", pick("abc", "99999999999999999999", "1.5", "%RAW%%00"));
                });
                options.add(() -> any(d, pick("connection", "user", "before"), pick("-1", "0", "9223372036854775807")));
                options.add(() -> any(d, "expand", hostileText()));
            }
            case V2_TASKS -> {
                options.add(() -> refuse(d, "priority", pick("abc", "99999999999", "1.5", "%RAW%%00")));
                options.add(() -> any(d, "priority", pick("-5", "0", "11", "2147483647")));
                options.add(() -> refuse(d, "status", pick("maybe", "todo.", "%RAW%%00", "' OR 1=1")));
                options.add(() -> refuse(d, "verification_status", pick("maybe", "%RAW%%00", "pass.")));
                options.add(() -> refuse(d, "phase", "%RAW%" + pick("%00", "a%00b")));
                options.add(() -> any(d, "phase", hostileText()));
            }
            case UI_JOBS, UI_CONNECTIONS -> {
                options.add(() -> refuse(d, "kind", pick("bogus", "ALM", "alm,analysis", "%RAW%%00", "' OR 1=1",
                        "%RAW%analysis%00", "x".repeat(3000))));
                options.add(() -> any(d, "kind", pick("alm", "analysis", " alm ", "")));
                options.add(() -> refuse(d, "project", pick(uiBadIds(String.valueOf(f.projectB)))));
                options.add(() -> refuse(d, "limit", pick("0", "-1", "201", "ten", "1.5", "99999999999", "2147483648",
                        "%RAW%%00", "1e2", "\uff11")));
                options.add(() -> any(d, "limit", pick("1", "200", " 7 ", "")));
                String cursor = q == Query.UI_JOBS ? "before" : "after";
                options.add(() -> refuse(d, cursor, pick("abc", "-1", "1e3", "1.5", "99999999999999999999", "%RAW%%00",
                        "' OR 1=1", "\uff11", "0x10")));
                options.add(() -> any(d, cursor, pick("0", "1", "9223372036854775807", String.valueOf(f.endedJobB))));
                options.add(() -> any(d, pick("page", "page_size", "ordering", "search", "team", "format"), hostileText()));
                if (q == Query.UI_JOBS) {
                    options.add(() -> refuse(d, "connection", pick(uiBadIds(String.valueOf(f.noopConnectionB)))));
                    options.add(() -> refuse(d, "status", pick("running,done", "success,", ",", "SUCCESS", "done",
                            "%RAW%%00", "' OR 1=1", "success;DROP TABLE job", "success,%RAW%%00", "x".repeat(3000))));
                    options.add(() -> any(d, "status", pick("failure,error", "success", " success , killed ",
                            "success,".repeat(200) + "success", "new,scheduled,pre-run,running,post-run")));
                    options.add(() -> refuse(d, "trigger", pick("cron", "MANUAL", "manual,automatic", "%RAW%%00",
                            "' OR 1=1", "true")));
                    options.add(() -> any(d, "trigger", pick("manual", "automatic")));
                    options.add(() -> {
                        // every filter at once, each valid
                        d.query.put("kind", "analysis");
                        d.query.put("project", String.valueOf(f.projectA));
                        d.query.put("connection", String.valueOf(f.noopConnectionA));
                        d.query.put("status", "success,failure");
                        d.query.put("trigger", "manual");
                        any(d, "limit", "1");
                    });
                }
            }
            case V2_STREAM -> {
                options.add(() -> refuse(d, pick("project", "connection"), pick("abc", "99999999999999999999", "%RAW%%00", "1.5")));
            }
            case DCI_JOBS, DCI_PLAIN, DCI_ONE -> {
                if (q != Query.DCI_ONE) {
                    options.add(() -> refuse(d, "limit", pick("-1", "1001", "99999999999", "abc", "1.5", "%RAW%%00")));
                    options.add(() -> refuse(d, "offset", pick("-1", "99999999999", "abc", "2147483648", "%RAW%%00")));
                    options.add(() -> any(d, "offset", pick("2147483647", "1000000")));
                    options.add(() -> refuse(d, "sort", pick("nope", "-", "id;DROP", "%RAW%%00")));
                }
                options.add(() -> refuse(d, "embed", pick("nope", "team.users", "%RAW%%00")));
                options.add(() -> refuse(d, pick("queryx", "page", "q", "' OR 1=1"), "1"));
                options.add(() -> any(d, "where", "state:active"));
                if (q == Query.DCI_JOBS) {
                    options.add(() -> refuse(d, "where", pick("nope:1", "status", "team_idx:1", "id:abc",
                            "id:99999999999999999999", "recheck:maybe", "created_at:yesterday",
                            "created_at:+99999-01-01T00:00:00", "updated_at:-99999-01-01T00:00:00",
                            "created_at:2026-02-30T00:00:00", "remoteci_id:%00")));
                    options.add(() -> refuse(d, "where", "%RAW%comment:" + pick("%00", "a%00", "x%00%00")));
                    options.add(() -> {
                        d.expect = Expect.REFUSE;
                        d.query.put("where", "status:" + pick("nope", "RUNNING", "' OR 1=1"));
                        d.defect = "query where status: an unknown status";
                    });
                    options.add(() -> any(d, "where", "comment:" + hostileText()));
                    options.add(() -> any(d, "where", "id:-1"));
                }
            }
            case RPM_LIST, RPM_ONE -> {
                if (q == Query.RPM_LIST) {
                    options.add(() -> refuse(d, pick("run_key", "process_id", "automation_id", "user_id", "step_id"),
                            pick("abc", "99999999999999999999", "1.5", "%RAW%%00", "' OR 1=1")));
                    options.add(() -> refuse(d, "currently_running", pick("maybe", "yes", "%RAW%%00")));
                    options.add(() -> refuse(d, "status", pick("Done", "%RAW%%00", "' OR 1=1")));
                    options.add(() -> refuse(d, "job_type", pick("cron", "%RAW%%00")));
                    options.add(() -> refuse(d, pick("filters[nope]", "nope", "filters[]", "filters[status"), "1"));
                    options.add(() -> {
                        d.query.put("run_key", "1");
                        d.query.put("filters[run_key]", "2");
                        d.expect = Expect.REFUSE;
                        d.field = "run_key";
                        d.defect = "a filter given twice";
                    });
                    options.add(() -> any(d, pick("run_key", "process_id", "step_id"), pick("-1", "0", "9223372036854775807")));
                }
                options.add(() -> {
                    refuse(d, "format", pick("yaml", "html", "%RAW%%00", "' OR 1=1"));
                    d.field = null; // 406: what this face writes, said in words
                    if (d.spec.template.endsWith(".json") || d.spec.template.endsWith(".xml")) {
                        d.expect = Expect.ANY; // the suffix chooses; the parameter is not read
                        d.field = null;
                    }
                });
                options.add(() -> {
                    d.headers.put("Accept", pick("text/html", "image/png", "application/yaml"));
                    d.expect = d.spec.template.endsWith(".json") || d.spec.template.endsWith(".xml") ? Expect.ANY : Expect.REFUSE;
                    d.defect = "an Accept this face cannot write";
                });
                options.add(() -> {
                    d.headers.put("If-None-Match", pick("*", "W/\"x\"", "\"" + "a".repeat(2000) + "\"", ",,,"));
                    d.expect = Expect.ANY;
                    d.defect = "a hostile If-None-Match";
                });
            }
            default -> {
            }
        }
        if (options.isEmpty()) {
            badCredentials(d);
            return;
        }
        options.get(rnd.nextInt(options.size())).run();
    }

    /** Ids a dashboard filter refuses (400 naming it): not an id, or not one of the team's records. */
    private List<String> uiBadIds(String foreign) {
        return List.of("abc", "1.5", "-1", "0", "99999999999999999999", "%RAW%%00", "' OR 1=1", foreign,
                "9223372036854775807", "+1", "0x10", "1e3", "\uff11", "%RAW%1%00");
    }

    private void refuse(Draft d, String name, String value) {
        d.query.put(name, value);
        d.expect = Expect.REFUSE;
        d.field = name.startsWith("filters[") ? null : name;
        d.defect = "query " + name + "=" + abbreviate(value);
    }

    private void any(Draft d, String name, String value) {
        d.query.put(name, value);
        d.expect = Expect.ANY;
        d.defect = "query " + name + "=" + abbreviate(value) + " (may be answered)";
    }

    private void contentType(Draft d) {
        String type = pick("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz", "application/octet-stream", "text/html", "image/png");
        d.headers.put("Content-Type", type);
        d.defect = "content type " + type;
        if (d.body == null) {
            d.body = body("x", 1);
        }
    }

    private void oversize(Draft d) {
        int limit = d.spec.bodyMax;
        int size = limit + 1 + rnd.nextInt(Math.max(1, Math.min(limit, 3 << 20)));
        if (limit > (8 << 20) && rnd.nextInt(4) != 0) {
            // a file route: most oversized bodies go to the other routes; these are 17 MiB each
            size = limit + 1 + rnd.nextInt(1 << 16);
        }
        StringBuilder text = new StringBuilder(size + 64);
        text.append("{\"name\": \"oversized\", \"padding\": \"");
        while (text.length() < size) {
            text.append("0123456789abcdef");
        }
        text.append("\"}");
        d.bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        d.chunked = rnd.nextInt(3) == 0;
        d.forceBody = true;
        d.defect = "oversized body (" + d.bytes.length + " bytes" + (d.chunked ? ", chunked" : "") + ")";
        d.expect = Expect.REFUSE;
    }

    /** Over the HTTP server's own limits: a request line over 4 KiB (414), headers over 20 KiB (431). */
    private void httpLimit(Draft d) {
        if (rnd.nextBoolean()) {
            d.query.put("q", "x".repeat(5000 + rnd.nextInt(5000)));
            d.defect = "a request line over the server's limit";
        } else {
            d.headers.put("X-Hostile", "h".repeat(21_000 + rnd.nextInt(5000)));
            d.defect = "headers over the server's limit";
        }
        d.expect = Expect.REFUSE;
        d.body = null; // refused before any body is read: the server then closes the connection under a body still sent
        d.bytes = null;
    }

    private void etag(Draft d) {
        String etag = pick("", "\"\"", "W/\"nope\"", "\"" + randomHex(32) + "\"", "*", "\"" + "e".repeat(3000) + "\"",
                "' OR '1'='1", "\"\u0001\"");
        d.headers.remove("If-Match");
        if (!etag.isEmpty()) {
            d.headers.put(rnd.nextBoolean() ? "If-Match" : "ETag", etag.replace("\u0001", ""));
        }
        d.defect = "a missing or stale ETag";
        if (d.body != null) {
            decorate(d);
        }
    }

    /** Valid but hostile-looking requests: SQL, traversal, control characters; may be answered, write no row. */
    private void benign(Draft d) {
        d.expect = Expect.ANY;
        d.defect = "hostile-looking but valid";
        if (d.body != null) {
            decorate(d);
            return;
        }
        d.query.put(pick("x", "debug", "callback", "__proto__"), hostileText());
        if ((d.spec.face.equals("/api/v2") || d.spec.face.equals("/ui")) && rnd.nextInt(4) == 0) {
            d.headers.put("Accept", pick("application/xml", "text/html", "*/*", "application/json;q=0", "garbage"));
        }
        if (d.spec.query == Query.DCI_JOBS || d.spec.query == Query.DCI_PLAIN || d.spec.query == Query.DCI_ONE
                || d.spec.query == Query.RPM_LIST) {
            d.expect = Expect.REFUSE; // DCI lists refuse unknown query keys, RPM lists unknown filters
        }
        if (d.spec.template.equals("/v1/{other}") || d.spec.creates) {
            d.expect = Expect.REFUSE;
        }
    }

    // ---- body defects --------------------------------------------------------------------------------------------

    private void body(Draft d) {
        if (d.spec.raw) {
            rawFile(d);
            return;
        }
        List<Field> fields = d.spec.fields;
        int choice = rnd.nextInt(100);
        if (choice < 12) {
            malformed(d);
        } else if (choice < 18) {
            deep(d);
        } else if (choice < 21) {
            wide(d);
        } else if (choice < 27) {
            notAnObject(d);
        } else if (choice < 36 && fields.stream().anyMatch(Field::required) && d.spec.creates) {
            Field missing = pickField(fields.stream().filter(Field::required).toList());
            removePath(d.body, missing.path());
            d.field = missing.named();
            d.defect = "missing " + missing.path();
            decorate(d);
        } else {
            Field target = pickField(fields);
            fieldDefect(d, target);
        }
    }

    private void fieldDefect(Draft d, Field field) {
        Type type = field.type();
        d.field = field.named();
        decorate(d, field.path());
        switch (type) {
            case TEXT, DTEXT, WORD, DWORD -> textDefect(d, field);
            case LONG, INT, ID -> numberDefect(d, field);
            case BOOL, DBOOL -> {
                setRaw(d, field.path(), pick("\"maybe\"", "{\"a\": 1}", "[true]", "\"\"", "\"tru\"")
                        + "", "wrong type");
            }
            case PARAMS -> paramsDefect(d, field);
            case LIST -> setRaw(d, field.path(), pick("\"edit_alm_connections\"", "{\"a\": 1}", "5",
                    "[\"edit_alm_connections\\u0000\"]", "[\"" + "p".repeat(300) + "\"]", "[[1]]", "[{\"x\": 1}]",
                    "[\"nope\"]"), "wrong permissions");
            case SYSTEM -> {
                if (rnd.nextBoolean()) {
                    setRaw(d, field.path(), pick("[1]", "5", "true", "{\"id\": [1]}", "{\"id\": 5}", "{\"id\": {}}"), "wrong type");
                } else {
                    textDefect(d, new Field(field.path() + ".id", Type.WORD, true, NAME_MAX));
                    d.field = field.named();
                }
            }
            case TASKS -> tasksDefect(d);
            case URL -> urlDefect(d, field);
            case STATUSES -> statusesDefect(d, field);
            case IDS -> idsDefect(d, field);
            case CONTENT -> {
                d.body.put("mime", "application/junit");
                setPath(d.body, "content", pick(HOSTILE_XML));
                d.field = "content";
                d.defect = "hostile JUnit XML";
            }
        }
    }

    private void textDefect(Draft d, Field field) {
        boolean dci = field.type() == Type.DTEXT || field.type() == Type.DWORD;
        int choice = rnd.nextInt(dci ? 8 : 7);
        switch (choice) {
            case 0 -> {
                int max = field.max() > 0 ? field.max() : NAME_MAX;
                int size = max + 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(300_000) : rnd.nextInt(20_000));
                String filler = pick("x", "é", "😀", "\u4e2d");
                setPath(d.body, field.path(), filler.repeat(size)); // size characters (code points), whatever their bytes
                d.defect = "huge " + field.path() + " (" + size + " characters of " + filler + ")";
            }
            case 1, 2 -> {
                setPath(d.body, field.path(), pick("\u0000", "a\u0000b", "name\u0000", "\u0000\u0000\u0000", "x\u0000' OR 1=1"));
                d.defect = "NUL (escaped) in " + field.path();
            }
            case 3 -> {
                setRaw(d, field.path(), "\"" + pick("\\ud800", "x\\udfff", "\\udc00\\ud800", "a\\ud83d", "\\ud83dz") + "\"",
                        "lone surrogate");
            }
            case 4 -> {
                setRawBytes(d, field.path(), pick("\"a\u0000b\"", "\"\u0000\"", "\"x\u0001\"", "\"\u001f\""), "raw control character");
                d.field = null;
            }
            case 5 -> {
                setRaw(d, field.path(), "\"" + pick("\\x41", "\\u12", "\\uZZZZ", "\\U0041", "\\'", "\\0", "\\a") + "\"",
                        "unsupported escape");
                d.field = null;
            }
            case 6 -> setRaw(d, field.path(), pick("{\"a\": 1}", "[1, 2]", "[\"x\"]", "{}", "[]"), "wrong type");
            default -> setRaw(d, field.path(), pick("5", "true", "1.5", "-1"), "wrong type");
        }
    }

    private void numberDefect(Draft d, Field field) {
        boolean dci = field.type() == Type.ID;
        List<String> values = new ArrayList<>(List.of("\"abc\"", "{\"a\": 1}", "[1]", "99999999999999999999",
                "-99999999999999999999", "1e30", "\"" + "9".repeat(5000) + "\"", "9".repeat(200), "\"%00\""));
        if (field.type() == Type.INT) {
            values.addAll(List.of("2147483648", "-2147483649", "60", "-1", "1000"));
        }
        if (field.type() == Type.LONG) {
            values.addAll(List.of("-1", "0", "9223372036854775807"));
        }
        if (dci) {
            values.addAll(List.of("-1", "0", "1.5", "true", "\"-1\"", "\"0x10\"", "\"1 \"", "\"\"", "9223372036854775807",
                    "\"1\\u0000\"", "\"\uff11\""));
        } else {
            values.add("\"\"");
        }
        String value = values.get(rnd.nextInt(values.size()));
        setRaw(d, field.path(), value, "bad number");
        if (rnd.nextInt(20) == 0) {
            setRaw(d, field.path(), "9".repeat(2000), "a number of 2000 digits");
            d.field = null; // refused while read, before any field is known
            return;
        }
        if (wallsOff(d.spec, field) && value.matches("-?[0-9]{1,19}") && !(dci && !value.matches("[1-9][0-9]*"))) {
            // a record the caller does not see (another team's, or none): 404 or 401, as its id in a path, not a
            // refused field
            d.field = null;
        }
    }

    /** Ids in bodies whose unknown values the faces answer as they answer another team's record. */
    private static boolean wallsOff(Spec spec, Field field) {
        return switch (field.path()) {
            case "team", "team_id" -> true;
            case "job_id" -> spec.route().equals("POST /api/v1/jobs/recheck") || spec.route().equals("POST /api/v1/jobstates");
            case "remoteci_id" -> spec.route().equals("POST /api/v1/jobs/schedule");
            default -> false;
        };
    }

    private void paramsDefect(Draft d, Field field) {
        Map<String, Object> params = new LinkedHashMap<>();
        Object current = getPath(d.body, field.path());
        if (current instanceof Map<?, ?> map) {
            map.forEach((k, v) -> params.put(String.valueOf(k), v));
        }
        int choice = rnd.nextInt(10);
        switch (choice) {
            case 0 -> setRaw(d, field.path(), pick("\"alm_server=x\"", "[1, 2]", "5", "true", "[{\"a\": 1}]"), "params not an object");
            case 1 -> {
                int count = PARAM_KEYS_MAX + 1 + rnd.nextInt(2000);
                for (int i = 0; i < count; i++) {
                    params.put("key_" + i, "v");
                }
                setPath(d.body, field.path(), params);
                d.defect = "params with " + count + " keys";
            }
            case 2 -> {
                params.put(pick("alm_server", "report_url", "alm_project", "free_text"),
                        "v".repeat(PARAM_VALUE_MAX + 1 + rnd.nextInt(60_000)));
                setPath(d.body, field.path(), params);
                d.defect = "huge param value";
            }
            case 3 -> {
                params.put("k".repeat(PARAM_KEY_MAX + 1 + rnd.nextInt(3000)), "v");
                setPath(d.body, field.path(), params);
                d.defect = "huge param name";
            }
            case 4 -> {
                params.put(pick("alm_server", "alm_project", "x"), pick("\u0000", "a\u0000b", "http://127.0.0.1:1/\u0000"));
                setPath(d.body, field.path(), params);
                d.defect = "NUL in a param value";
            }
            case 5 -> {
                params.put(pick("\u0000", "alm\u0000server"), "v");
                setPath(d.body, field.path(), params);
                d.defect = "NUL in a param name";
            }
            case 6 -> {
                Object nested = "leaf";
                int depth = PARAMS_DEPTH_MAX + rnd.nextInt(20);
                for (int i = 0; i < depth; i++) {
                    nested = rnd.nextBoolean() ? Map.of("n", nested) : List.of(nested);
                }
                params.put("task_status_mapping", nested);
                setPath(d.body, field.path(), params);
                d.defect = "params nested " + depth + " deep";
            }
            case 7 -> {
                params.put("alm_server", MARK);
                setPath(d.body, field.path(), params);
                setRawMarker(d, "\"" + pick("\\ud800", "x\\udfff", "\\udc00") + "\"", "lone surrogate in a param value");
            }
            case 8 -> {
                for (int i = 0; i < 20; i++) {
                    params.put("p" + i, "w".repeat(PARAM_VALUE_MAX - 10));
                }
                setPath(d.body, field.path(), params);
                d.defect = "params over their total size";
            }
            default -> {
                params.put(pick("alm_server", "x"), List.of("\u0000", 1));
                setPath(d.body, field.path(), params);
                d.defect = "NUL in a param's list";
            }
        }
    }

    /**
     * Webhook targets the SSRF guard refuses, each without a DNS lookup (an IP literal, localhost, or refused before
     * resolving): this host's loopback, link-local and metadata addresses in their IPv4 and IPv6 spellings, plain
     * http, user info, fragments, odd ports and schemes.
     */
    private List<String> refusedTargets() {
        String receiver = HostileFixture.RECEIVER_HOST;
        return List.of("https://127.0.0.1/hook", "https://127.0.0.1:" + apiPort + "/q/health", "https://[::1]:" + apiPort + "/",
                "https://localhost:" + workerPort + "/internal/connectivity-check", "https://0.0.0.0/", "https://0.1.2.3/",
                "https://169.254.169.254/latest/meta-data/", "https://[fd00:ec2::254]/", "https://100.100.100.200/",
                "https://[::ffff:127.0.0.1]/", "https://[::ffff:169.254.169.254]/", "https://[::127.0.0.1]/",
                "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:7f00:1::]/", "https://[fe80::1]/", "https://[::]/",
                "https://224.0.0.1/", "https://255.255.255.255/", "https://127.255.255.254/",
                "http://" + receiver + "/", "HTTP://" + receiver + "/", "ws://" + receiver + "/", "ftp://" + receiver + "/",
                "file:///etc/passwd", "javascript:alert(1)", "mailto:hooks@" + receiver, "https:" + receiver + "/x",
                "https:///no-host", "https://user:pass@" + receiver + "/", "https://" + f.owner.key() + "@" + receiver + "/",
                "https://" + receiver + "/#fragment", "https://" + receiver + ":0/", "https://" + receiver + ":99999/",
                "https://" + receiver + "/a b", "//" + receiver + "/", receiver, "https://", " ", "",
                "https://127.0.0.1:" + apiPort + "@" + receiver + "/");
    }

    private void urlDefect(Draft d, Field field) {
        if (rnd.nextInt(5) < 2) {
            textDefect(d, field);
            return;
        }
        String url = rnd.nextInt(4) == 0 ? ssrfUrl() : pick(refusedTargets());
        setPath(d.body, field.path(), url);
        d.defect = "a target the SSRF guard refuses: " + abbreviate(url);
    }

    private void statusesDefect(Draft d, Field field) {
        String valid = "\"success\", ";
        String list = pick("\"success\"", "[]", "[null]", "[\"done\"]", "[\"SUCCESS\"]", "[\"success \"]",
                "[\"success\\u0000\"]", "[\"\\ud800\"]", "[\"" + "s".repeat(NAME_MAX + 1 + rnd.nextInt(3000)) + "\"]", "[1]",
                "[[\"success\"]]", "[{\"a\": 1}]", "{\"a\": 1}", "5", "true", "[\"success\", null]",
                "[\"success\", \"' OR 1=1\"]", "[\"running\"]", "[\"new\"]", "[" + valid.repeat(3000) + "\"bogus\"]",
                "[\"success\", \"%00\"]");
        setRaw(d, field.path(), list, "bad statuses");
    }

    private void idsDefect(Draft d, Field field) {
        String own = String.valueOf(f.noopConnectionA);
        String list = pick("5", "\"" + own + "\"", "[null]", "[-1]", "[0]", "[99999999999]", "[9223372036854775807]",
                "[-9223372036854775808]", "[" + f.noopConnectionB + "]", "[" + own + ", " + f.noopConnectionB + "]",
                "[\"abc\"]", "[99999999999999999999]", "[1e30]", "[{\"a\": 1}]", "[[" + own + "]]",
                "[" + (own + ", ").repeat(WEBHOOK_CONNECTIONS_MAX) + own + "]", "{\"a\": 1}", "[\"\\u0000\"]",
                "[\"" + "9".repeat(5000) + "\"]", "[" + own + ", null]");
        setRaw(d, field.path(), list, "bad connections");
    }

    private void tasksDefect(Draft d) {
        Map<String, Object> good = body("id", f.taskA, "status", "DONE", "verification_status", "pass",
                "alm_issue", body("key", "H-1", "url", "http://127.0.0.1:1/issues/1", "synced_done", true));
        Map<String, Object> bad = new LinkedHashMap<>(good);
        Map<String, Object> issue = new LinkedHashMap<>(body("key", "H-2", "url", "http://127.0.0.1:1/issues/2", "synced_done", false));
        bad.put("alm_issue", issue);
        int choice = rnd.nextInt(12);
        d.field = "tasks";
        switch (choice) {
            case 0 -> d.body.put("tasks", pick("x", "5"));
            case 1 -> d.body.put("tasks", List.of(good, "not an object"));
            case 2 -> bad.remove("id");
            case 3 -> bad.put("id", pick(f.taskB, -1L, 0L, 99999999999L));
            case 4 -> bad.put("status", pick("done", "\u0000", "' OR 1=1", "X".repeat(5000)));
            case 5 -> bad.put("verification_status", pick("PASS", "\u0000", "maybe"));
            case 6 -> issue.put("key", pick("\u0000", "K\u0000", "K".repeat(NAME_MAX + 1 + rnd.nextInt(5000)), " ", ""));
            case 7 -> issue.put("url", pick("\u0000", "http://x/\u0000", "http://127.0.0.1/" + "u".repeat(URL_MAX + rnd.nextInt(9000))));
            case 8 -> issue.put("synced_done", pick("yes", "1"));
            case 9 -> issue.put("key", 5);
            case 10 -> d.body.put("tasks", List.of(good, bad, "x"));
            default -> bad.put("alm_issue", pick("H-1", "5"));
        }
        if (choice >= 2 && choice != 10) {
            List<Object> tasks = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(3); i++) {
                tasks.add(good);
            }
            tasks.add(bad); // the refused one comes last: the ones before must not stay written
            d.body.put("tasks", tasks);
        }
        d.defect = "tasks: a refused outcome after valid ones (" + choice + ")";
    }

    private static final List<String> HOSTILE_XML = List.of(
            "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;\">"
                    + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;\">]><testsuite name=\"&lol3;\"/>",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><testsuite name=\"&e;\"/>",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"http://127.0.0.1:1/x\">]><testsuite>&e;</testsuite>",
            "<testsuite><testcase>" + "<a>".repeat(5000) + "</testcase>",
            "<testsuite" + "<".repeat(10),
            "not xml at all",
            "<testsuite tests=\"x\"><testcase name=\"\u0000\"/></testsuite>",
            "\u0000\u0000",
            "<?xml version=\"1.0\" encoding=\"UTF-7\"?><testsuite/>+ADw-",
            "<testsuites>" + "<testsuite>".repeat(200) + "</testsuites>");

    private void rawFile(Draft d) {
        int choice = rnd.nextInt(9);
        d.field = null;
        switch (choice) {
            case 0 -> {
                d.headers.remove("DCI-NAME");
                d.field = "name";
                d.defect = "no DCI-NAME";
            }
            case 1 -> {
                d.headers.put("DCI-NAME", "n".repeat(NAME_MAX + 1 + rnd.nextInt(3000)));
                d.field = "name";
                d.defect = "huge DCI-NAME";
            }
            case 2 -> {
                String header = pick("DCI-JOB-ID", "DCI-JOBSTATE-ID");
                d.headers.put(header, pick("abc", "-1", "0", "99999999999999999999", "1.5", "' OR 1=1"));
                d.field = header;
                d.defect = "bad " + header;
            }
            case 3 -> {
                d.headers.put("DCI-MD5", pick(randomHex(32), "x", "' OR 1=1", "0".repeat(3000)));
                d.field = "md5";
                d.defect = "a DCI-MD5 that is not the content's";
            }
            case 4 -> {
                d.headers.put("DCI-MIME", "application/junit");
                d.bytes = pick(HOSTILE_XML).getBytes(StandardCharsets.UTF_8);
                d.field = "content";
                d.defect = "hostile JUnit XML";
            }
            case 5 -> {
                d.headers.put("DCI-MIME", "m".repeat(NAME_MAX + 1 + rnd.nextInt(3000)));
                d.field = "mime";
                d.defect = "huge DCI-MIME";
            }
            case 6 -> {
                d.headers.remove("DCI-JOB-ID");
                d.field = "job_id";
                d.defect = "no job";
            }
            case 7 -> {
                d.headers.put("DCI-JOB-ID", String.valueOf(f.endedJobB));
                d.defect = "another team's job";
            }
            default -> {
                d.headers.put("DCI-JOB-ID", "");
                d.headers.put("DCI-JOBSTATE-ID", String.valueOf(f.stateB));
                d.defect = "another team's job state";
            }
        }
    }

    private void malformed(Draft d) {
        String valid = json(d.body);
        String text;
        int choice = rnd.nextInt(8);
        switch (choice) {
            case 0, 1 -> {
                text = null;
                for (int attempt = 0; attempt < 20 && text == null; attempt++) {
                    String cut = valid.substring(0, 1 + rnd.nextInt(Math.max(1, valid.length() - 1)));
                    if (!parses(cut)) {
                        text = cut;
                    }
                }
                if (text == null) {
                    text = "{\"";
                }
            }
            case 2 -> text = valid.replaceFirst("\"\\s*:", "\" =");
            case 3 -> text = pick("name=x&alias=y", "<project><name>x</name></project>", "{'name': 'x'}",
                    "{name: \"x\"}", "{\"a\" 1}", "{,}", "{\"a\":1,,}", "[", "tru", "nul", "\"unterminated", "{}}",
                    "{\"a\": 01}", "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": .5}", "{\"a\": 0x10}", "/* c */ {}",
                    "{\"a\": 1} trailing", "\ufeff{\"a\": 1}x");
            case 4 -> {
                byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
                int at = Math.min(valid.indexOf("\":") + 3, bytes.length);
                // never UTF-8: a lone continuation byte, an impossible byte, a lead byte without its continuation
                byte[] invalid = pick(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3, 0x28},
                        new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF});
                byte[] broken = new byte[bytes.length + invalid.length];
                System.arraycopy(bytes, 0, broken, 0, at);
                System.arraycopy(invalid, 0, broken, at, invalid.length);
                System.arraycopy(bytes, at, broken, at + invalid.length, bytes.length - at);
                d.bytes = broken;
                d.defect = "invalid UTF-8 in the body";
                return;
            }
            case 5 -> {
                byte[] garbage = new byte[1 + rnd.nextInt(2000)];
                rnd.nextBytes(garbage);
                garbage[0] = (byte) '{';
                d.bytes = garbage;
                d.defect = "random bytes";
                return;
            }
            case 6 -> text = valid.substring(0, valid.length() - 1) + ", \"x\": }";
            default -> text = valid + valid;
        }
        d.bytes = text.getBytes(StandardCharsets.UTF_8);
        d.defect = "malformed JSON";
        d.field = null;
    }

    private void deep(Draft d) {
        int depth = JSON_DEPTH_MAX + 1 + (rnd.nextInt(3) == 0 ? rnd.nextInt(20_000) : rnd.nextInt(1500));
        boolean arrays = rnd.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String nested = open.repeat(depth) + "1" + close.repeat(depth);
        String target = rnd.nextBoolean() ? "nested_extra" : pickField(d.spec.fields).path();
        if (target.contains(".")) {
            target = "nested_extra";
        }
        d.body.put(target, MARK);
        String text = json(d.body).replace("\"" + MARK + "\"", nested);
        d.bytes = text.getBytes(StandardCharsets.UTF_8);
        d.defect = "JSON nested " + depth + " deep";
        d.field = null;
    }

    private void wide(Draft d) {
        int count = JSON_TOKENS_MAX + 1 + rnd.nextInt(200_000);
        StringBuilder array = new StringBuilder(count * 2 + 2).append('[');
        for (int i = 0; i < count; i++) {
            array.append(i == 0 ? "0" : ",0");
        }
        array.append(']');
        d.body.put("wide_extra", MARK);
        d.bytes = json(d.body).replace("\"" + MARK + "\"", array).getBytes(StandardCharsets.UTF_8);
        d.defect = "an array of " + count + " elements";
        d.field = null;
    }

    private void notAnObject(Draft d) {
        d.bytes = pick("[]", "[{}]", "\"text\"", "5", "true", "[" + json(d.body) + "]").getBytes(StandardCharsets.UTF_8);
        d.defect = "a body that is not an object";
        d.field = null;
    }

    /** Hostile-looking, valid and storable values in the body's free text fields, and unknown keys. */
    private void decorate(Draft d, String... except) {
        Set<String> skip = Set.of(except);
        for (Field field : d.spec.fields) {
            if ((field.type() == Type.TEXT || field.type() == Type.DTEXT) && !skip.contains(field.path())
                    && getPath(d.body, field.path()) != null && rnd.nextInt(3) == 0 && !field.path().equals("email")
                    && !field.path().equals("md5") && !field.path().equals("mime")) {
                setPath(d.body, field.path(), hostileText() + " #" + rnd.nextInt(1_000_000));
            }
            if (field.type() == Type.PARAMS && !skip.contains(field.path()) && getPath(d.body, field.path()) instanceof Map<?, ?> map
                    && rnd.nextInt(3) == 0) {
                Map<String, Object> params = new LinkedHashMap<>();
                map.forEach((k, v) -> params.put(String.valueOf(k), v));
                params.put(pick("report_url", "alm_server", "report_path", "callback"), pick(ssrfUrl(), traversal()));
                params.put("alm_api_token", f.plantedParamSecrets.get(rnd.nextInt(f.plantedParamSecrets.size())));
                setPath(d.body, field.path(), params);
            }
        }
        int extras = rnd.nextInt(3);
        for (int i = 0; i < extras; i++) {
            d.body.put(pick("extra", "created", "is_superuser", "__proto__", "constructor", "secret", "x" + i),
                    pick(hostileText(), 1, true, List.of(1, "\u0000"), Map.of("nested", "\u0000 ignored")));
        }
    }

    // ---- JSON text surgery ---------------------------------------------------------------------------------------

    private void setRaw(Draft d, String path, String fragment, String what) {
        setPath(d.body, path, MARK);
        setRawMarker(d, fragment, what + " in " + path);
    }

    private void setRawMarker(Draft d, String fragment, String what) {
        d.bytes = json(d.body).replace("\"" + MARK + "\"", fragment).getBytes(StandardCharsets.UTF_8);
        d.defect = what + ": " + abbreviate(fragment);
    }

    private void setRawBytes(Draft d, String path, String fragment, String what) {
        setRaw(d, path, fragment, what);
    }

    @SuppressWarnings("unchecked")
    private static void setPath(Map<String, Object> body, String path, Object value) {
        String[] parts = path.split("\\.");
        Object current = body;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = ((Map<String, Object>) current).get(parts[i]);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                ((Map<String, Object>) current).put(parts[i], child);
            } else {
                child = new LinkedHashMap<>((Map<String, Object>) child);
                ((Map<String, Object>) current).put(parts[i], child);
            }
            current = child;
        }
        ((Map<String, Object>) current).put(parts[parts.length - 1], value);
    }

    @SuppressWarnings("unchecked")
    private static Object getPath(Map<String, Object> body, String path) {
        Object current = body;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(part);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static void removePath(Map<String, Object> body, String path) {
        int dot = path.lastIndexOf('.');
        Object parent = dot < 0 ? body : getPath(body, path.substring(0, dot));
        if (parent instanceof Map) {
            ((Map<String, Object>) parent).remove(dot < 0 ? path : path.substring(dot + 1));
        }
    }

    static String json(Object value) {
        try {
            return EndToEnd.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean parses(String text) {
        try {
            LENIENT.readTree(text);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    // ---- values --------------------------------------------------------------------------------------------------

    private static final List<String> SQL = List.of("' OR '1'='1", "1; DROP TABLE job; --", "\" OR 1=1 --", "admin'--",
            "1' UNION SELECT key_hash FROM api_token --", "%' AND pg_sleep(3) --", "'); SELECT pg_sleep(3); --",
            "$$; SELECT pg_sleep(3); $$", "1) OR (1=1", "\\'; TRUNCATE outbox; --");
    private static final List<String> TRAVERSAL = List.of("../../../../etc/passwd", "..%2f..%2fetc%2fpasswd",
            "....//....//etc/passwd", "/etc/shadow", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2f", "/proc/self/environ",
            "../../../.local/admin-token", "file:///etc/passwd");
    private static final List<String> ODD = List.of("\u0001\u0002\u001f", "\u007f", "\u2028\u2029", "\u202eevil",
            "\ufeffbom", "line\r\nbreak", "tab\there", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1:1/a}",
            "%s%n%x%d", "{{7*7}}", "😀 emoji", "\u4e2d\u6587", "   ", "a\u0301\u0301\u0301", "\\u0000 written out",
            "null", "true", "-1");

    String hostileText() {
        return switch (rnd.nextInt(3)) {
            case 0 -> pick(SQL);
            case 1 -> pick(TRAVERSAL);
            default -> pick(ODD);
        };
    }

    private String traversal() {
        return pick(TRAVERSAL);
    }

    /** Loopback only: this machine's own services and closed ports, in the spellings SSRF filters miss. */
    String ssrfUrl() {
        return pick("http://127.0.0.1:" + apiPort + "/q/health", "http://localhost:" + workerPort + "/internal/connectivity-check",
                "http://127.0.0.1:1/", "http://[::1]:" + apiPort + "/", "http://0.0.0.0:" + apiPort + "/",
                "http://2130706433:" + apiPort + "/", "http://127.1:" + apiPort + "/api/v2/users/me/",
                "http://0x7f000001:" + apiPort + "/", "http://127.0.0.1:99999/", "http://user:pass@127.0.0.1:" + apiPort + "/",
                "gopher://127.0.0.1:" + apiPort + "/_GET%20/", "file:///etc/passwd", "ftp://127.0.0.1/", "http://127.0.0.1:"
                        + apiPort + "/api/v2/jobs/stream", "http://localhost.:" + apiPort + "/", "https://127.0.0.1:" + apiPort + "/",
                "http://127.0.0.1:" + apiPort + "/%00", "http://127.0.0.1:" + apiPort + "@127.0.0.1:1/", "//127.0.0.1/",
                "http://[::ffff:127.0.0.1]:" + apiPort + "/");
    }

    private String uniqueName(String prefix) {
        return prefix + "-" + Long.toHexString(rnd.nextLong());
    }

    private String randomHex(int length) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < length) {
            hex.append(Long.toHexString(rnd.nextLong()));
        }
        return hex.substring(0, length);
    }

    private Field pickField(List<Field> fields) {
        return fields.get(rnd.nextInt(fields.size()));
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[rnd.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(rnd.nextInt(values.size()));
    }

    static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }

    private static String fill(String template, List<String> ids) {
        String path = template;
        for (String id : ids) {
            path = path.replaceFirst("\\{[a-z]+\\}", java.util.regex.Matcher.quoteReplacement(id));
        }
        return path;
    }

    private static boolean allowsBody(String method) {
        return !method.equals("GET") && !method.equals("TRACE");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String abbreviate(String value) {
        String shown = HostileRequest.printable(value.getBytes(StandardCharsets.UTF_8), 40);
        return value.length() > 40 ? shown + " (" + value.length() + " chars)" : shown;
    }
}
