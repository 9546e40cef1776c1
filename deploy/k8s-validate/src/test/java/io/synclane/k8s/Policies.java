package io.synclane.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a schema cannot see: that the documents of one rendering fit together and fit Synclane. Each rule names
 * the mistake it catches; {@link #check} returns every broken one, as "rule: what".
 * <ul>
 * <li>references resolve (ConfigMaps, Secrets and their keys, claims, Services and ports, scale targets,
 * Strimzi clusters), and a PodDisruptionBudget covers each Deployment;</li>
 * <li>the services get exactly the variables of README's Configuration table, secrets from Secrets only, and
 * values that name what the rendering creates (CloudNativePG's rw service and database, Strimzi's bootstrap
 * service, the worker Service);</li>
 * <li>ports and probes: the container port is the one Quarkus listens on, probed on /q/health/live and ready;</li>
 * <li>KEDA's kafka trigger reads the workers' own group, topic and offset reset (from worker-service's
 * application.properties), with keys KEDA knows, and never scales past job-requests' partitions or to zero;</li>
 * <li>PostgreSQL accepts every connection pool at full scale; topics fit the brokers.</li>
 * </ul>
 */
final class Policies {

    static final String API_IMAGE = "api-service";
    static final String WORKER_IMAGE = "worker-service";
    /** Keys of the Secret CloudNativePG makes for a Cluster's application user ({cluster}-app). */
    private static final Set<String> CNPG_APP_KEYS = Set.of("username", "password", "host", "port", "dbname", "uri",
            "jdbc-uri", "fqdn-uri", "fqdn-jdbc-uri", "pgpass", "user");
    /** Variables the services take that are not Synclane's own (README's table lists Synclane's). */
    private static final Set<String> NOT_SYNCLANE_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "QUARKUS_HTTP_PORT");
    private static final Set<String> SECRET_VARIABLES = Set.of("SYNCLANE_DB_PASSWORD", "SYNCLANE_ADMIN_TOKEN",
            "SYNCLANE_INTERNAL_TOKEN", "SYNCLANE_AGENT_KEY", "SYNCLANE_AGENT_SECRET", "SYNCLANE_NOTIFICATIONS_KEY");
    static final Map<String, Set<String>> REQUIRED_VARIABLES = Map.of(
            API_IMAGE, Set.of("SYNCLANE_DB_URL", "SYNCLANE_DB_USER", "SYNCLANE_DB_PASSWORD", "SYNCLANE_KAFKA_BOOTSTRAP",
                    "SYNCLANE_ADMIN_TOKEN", "SYNCLANE_INTERNAL_TOKEN", "SYNCLANE_INTERNAL_WORKER_URL",
                    "SYNCLANE_AGENT_KEY", "SYNCLANE_NOTIFICATIONS_KEY"),
            WORKER_IMAGE, Set.of("SYNCLANE_DB_URL", "SYNCLANE_DB_USER", "SYNCLANE_DB_PASSWORD",
                    "SYNCLANE_KAFKA_BOOTSTRAP", "SYNCLANE_INTERNAL_TOKEN", "SYNCLANE_REPORTS_DIR",
                    "SYNCLANE_NOTIFICATIONS_KEY"));
    /** What a worker must not hold: the admin token and the agents' key are api-service's. */
    private static final Set<String> NOT_FOR_WORKERS = Set.of("SYNCLANE_ADMIN_TOKEN", "SYNCLANE_AGENT_KEY");
    private static final List<String> INGRESS_PATHS = List.of("/api/v2", "/api/v1", "/v1", "/ui");
    private static final List<String> TOPICS = List.of("job-requests", "job-events", "job-requests-dlq");
    /** PostgreSQL's superuser_reserved_connections default, which the application cannot use. */
    private static final int RESERVED_CONNECTIONS = 3;

    /** What the rules compare the manifests with: the repository's own configuration and README. */
    record Context(Properties api, Properties worker, Set<String> readmeVariables, Set<String> kedaKafkaKeys) {

        static Context load(Path root) {
            return new Context(
                    properties(root.resolve("api-service/src/main/resources/application.properties")),
                    properties(root.resolve("worker-service/src/main/resources/application.properties")),
                    Policies.readmeVariables(root.resolve("README.md")),
                    kedaKeys());
        }

        Properties of(String image) {
            return image.equals(API_IMAGE) ? api : worker;
        }
    }

    private final List<ObjectNode> docs;
    private final Context ctx;
    private final List<String> problems = new ArrayList<>();

    private Policies(List<ObjectNode> docs, Context ctx) {
        this.docs = docs;
        this.ctx = ctx;
    }

    static List<String> check(List<ObjectNode> docs, Context ctx) {
        Policies p = new Policies(docs, ctx);
        p.run();
        return p.problems;
    }

    private void run() {
        uniqueAndOneNamespace();
        for (ObjectNode d : all("Deployment")) {
            deployment(d);
        }
        for (ObjectNode s : all("Service")) {
            service(s);
        }
        for (ObjectNode i : all("Ingress")) {
            ingress(i);
        }
        kafka();
        for (ObjectNode so : all("ScaledObject")) {
            scaledObject(so);
        }
        postgresConnections();
    }

    // ---- documents --------------------------------------------------------------------------------------

    private List<ObjectNode> all(String kind) {
        return docs.stream().filter(d -> d.path("kind").asString().equals(kind)).toList();
    }

    private ObjectNode find(String kind, String name) {
        return docs.stream().filter(d -> d.path("kind").asString().equals(kind)
                && d.path("metadata").path("name").asString().equals(name)).findFirst().orElse(null);
    }

    private static String name(JsonNode d) {
        return d.path("metadata").path("name").asString();
    }

    private static String id(JsonNode d) {
        return d.path("kind").asString() + " " + name(d);
    }

    private void fail(String rule, String what) {
        problems.add(rule + ": " + what);
    }

    private void uniqueAndOneNamespace() {
        Set<String> seen = new HashSet<>();
        Set<String> namespaces = new LinkedHashSet<>();
        for (ObjectNode d : docs) {
            String ns = d.path("metadata").path("namespace").asString("");
            if (!seen.add(d.path("apiVersion").asString() + " " + id(d) + " " + ns)) {
                fail("unique", id(d) + " appears twice");
            }
            if (!d.path("kind").asString().equals("Namespace")) {
                namespaces.add(ns);
            }
        }
        if (namespaces.size() != 1 || namespaces.contains("")) {
            fail("namespace", "every namespaced resource in one named namespace, found " + namespaces);
        }
    }

    private String namespace() {
        return docs.stream().filter(d -> !d.path("kind").asString().equals("Namespace"))
                .map(d -> d.path("metadata").path("namespace").asString("")).findFirst().orElse("");
    }

    // ---- workloads --------------------------------------------------------------------------------------

    private static String imageKind(JsonNode container) {
        String image = container.path("image").asString();
        String repo = image.replaceAll("[:@].*$", "");
        if (repo.endsWith("/" + API_IMAGE)) {
            return API_IMAGE;
        }
        return repo.endsWith("/" + WORKER_IMAGE) ? WORKER_IMAGE : null;
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (var e : selector.properties()) {
            if (!e.getValue().asString().equals(labels.path(e.getKey()).asString(null))) {
                return false;
            }
        }
        return true;
    }

    private void deployment(ObjectNode d) {
        JsonNode pod = d.path("spec").path("template").path("spec");
        JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
        if (!selects(d.path("spec").path("selector").path("matchLabels"), labels)) {
            fail("selector", id(d) + ": spec.selector does not select its own pod template");
        }
        List<ObjectNode> pdbs = all("PodDisruptionBudget").stream()
                .filter(p -> selects(p.path("spec").path("selector").path("matchLabels"), labels)).toList();
        if (pdbs.size() != 1) {
            fail("disruption budget", id(d) + " is covered by " + pdbs.size() + " PodDisruptionBudgets, not one");
        }
        Set<String> claims = new HashSet<>();
        for (JsonNode v : pod.path("volumes")) {
            if (v.has("persistentVolumeClaim")) {
                claims.add(v.path("persistentVolumeClaim").path("claimName").asString());
            }
        }
        for (String claim : claims) {
            if (find("PersistentVolumeClaim", claim) == null) {
                fail("reference", id(d) + " mounts claim " + claim + ", which is not rendered");
            }
        }
        for (JsonNode c : pod.path("containers")) {
            String kind = imageKind(c);
            Map<String, Source> env = environment(d, c);
            if (kind == null) {
                continue;
            }
            synclaneContainer(d, pod, c, kind, env);
        }
    }

    /** Where a variable's value comes from: a literal, a ConfigMap's key, or a Secret's key. */
    private record Source(String kind, String object, String key, String value) {
    }

    private Map<String, Source> environment(ObjectNode d, JsonNode c) {
        Map<String, Source> env = new LinkedHashMap<>();
        for (JsonNode from : c.path("envFrom")) {
            if (from.has("configMapRef")) {
                ObjectNode cm = find("ConfigMap", from.path("configMapRef").path("name").asString());
                if (cm == null) {
                    fail("reference", id(d) + ": envFrom ConfigMap " + from.path("configMapRef").path("name").asString()
                            + " is not rendered");
                    continue;
                }
                cm.path("data").properties().forEach(e -> env.put(e.getKey(),
                        new Source("ConfigMap", name(cm), e.getKey(), e.getValue().asString())));
            } else if (from.has("secretRef")) {
                ObjectNode s = find("Secret", from.path("secretRef").path("name").asString());
                if (s == null) {
                    fail("reference", id(d) + ": envFrom Secret " + from.path("secretRef").path("name").asString()
                            + " is not rendered");
                    continue;
                }
                s.path("data").properties().forEach(e -> env.put(e.getKey(), new Source("Secret", name(s), e.getKey(),
                        new String(Base64.getMimeDecoder().decode(e.getValue().asString()), StandardCharsets.UTF_8))));
            }
        }
        for (JsonNode e : c.path("env")) {
            String var = e.path("name").asString();
            JsonNode from = e.path("valueFrom");
            if (from.has("configMapKeyRef")) {
                String cmName = from.path("configMapKeyRef").path("name").asString();
                String key = from.path("configMapKeyRef").path("key").asString();
                ObjectNode cm = find("ConfigMap", cmName);
                if (cm == null || !cm.path("data").has(key)) {
                    fail("reference", id(d) + ": " + var + " from ConfigMap " + cmName + " key " + key
                            + ", which is not rendered");
                }
                env.put(var, new Source("ConfigMap", cmName, key, cm == null ? null : cm.path("data").path(key).asString(null)));
            } else if (from.has("secretKeyRef")) {
                String sName = from.path("secretKeyRef").path("name").asString();
                String key = from.path("secretKeyRef").path("key").asString();
                ObjectNode s = find("Secret", sName);
                boolean cnpgApp = sName.endsWith("-app")
                        && find("Cluster", sName.substring(0, sName.length() - "-app".length())) != null;
                if (cnpgApp ? !CNPG_APP_KEYS.contains(key) : s == null || !s.path("data").has(key)) {
                    fail("reference", id(d) + ": " + var + " from Secret " + sName + " key " + key
                            + (cnpgApp ? ", not a key of CloudNativePG's app secret" : ", which is not rendered"));
                }
                env.put(var, new Source("Secret", sName, key, null));
            } else if (from.isObject()) {
                env.put(var, new Source("field", null, null, null));
            } else {
                env.put(var, new Source("literal", null, null, e.path("value").asString(null)));
            }
        }
        return env;
    }

    private void synclaneContainer(ObjectNode d, JsonNode pod, JsonNode c, String kind, Map<String, Source> env) {
        String who = id(d) + " (" + kind + ")";
        String image = c.path("image").asString();
        if (!image.matches(".*:[A-Za-z0-9_][A-Za-z0-9_.-]*$") && !image.contains("@sha256:") || image.endsWith(":latest")) {
            fail("image", who + ": image " + image + " has no fixed tag or digest");
        }
        if (pod.path("enableServiceLinks").asBoolean(true)) {
            fail("service links", who + ": enableServiceLinks must be false (Services named synclane-* would set "
                    + "SYNCLANE_*_PORT variables in the pod)");
        }
        // Variables: README's table, nothing else of Synclane's; secrets from Secrets only.
        for (Map.Entry<String, Source> e : env.entrySet()) {
            String var = e.getKey();
            if (!ctx.readmeVariables().contains(var) && !NOT_SYNCLANE_VARIABLES.contains(var)) {
                fail("variables", who + ": " + var + " is not in README's Configuration table");
            }
            if (SECRET_VARIABLES.contains(var) && !e.getValue().kind().equals("Secret")) {
                fail("secrets", who + ": " + var + " must come from a Secret, not a " + e.getValue().kind());
            }
        }
        for (String var : REQUIRED_VARIABLES.get(kind)) {
            if (!env.containsKey(var)) {
                fail("variables", who + ": " + var + " is not set");
            }
        }
        if (kind.equals(WORKER_IMAGE)) {
            for (String var : NOT_FOR_WORKERS) {
                if (env.containsKey(var)) {
                    fail("secrets", who + ": " + var + " is api-service's, workers must not hold it");
                }
            }
        }
        checkValues(who, env);
        // The port Quarkus listens on (QUARKUS_HTTP_PORT over application.properties) is the container's, probed.
        String listens = value(env, "QUARKUS_HTTP_PORT");
        if (listens == null) {
            listens = ctx.of(kind).getProperty("quarkus.http.port", "8080");
        }
        Map<String, Integer> ports = new HashMap<>();
        for (JsonNode p : c.path("ports")) {
            ports.put(p.path("name").asString(""), p.path("containerPort").asInt());
        }
        if (!ports.containsValue(Integer.parseInt(listens))) {
            fail("ports", who + ": Quarkus listens on " + listens + ", the container declares " + ports.values());
        }
        probe(who, c, "livenessProbe", "/q/health/live", ports, listens);
        probe(who, c, "readinessProbe", "/q/health/ready", ports, listens);
        JsonNode res = c.path("resources");
        for (String need : List.of("requests/cpu", "requests/memory", "limits/memory")) {
            String[] p = need.split("/");
            if (!res.path(p[0]).has(p[1])) {
                fail("resources", who + ": no resources." + p[0] + "." + p[1]);
            }
        }
    }

    private void probe(String who, JsonNode c, String probe, String path, Map<String, Integer> ports, String listens) {
        JsonNode get = c.path(probe).path("httpGet");
        if (!get.path("path").asString().equals(path)) {
            fail("probes", who + ": " + probe + " is not an HTTP GET of " + path);
        }
        JsonNode port = get.path("port");
        int number = port.isNumber() ? port.asInt() : ports.getOrDefault(port.asString(), -1);
        if (number != Integer.parseInt(listens)) {
            fail("probes", who + ": " + probe + " goes to port " + port + ", Quarkus listens on " + listens);
        }
    }

    private static String value(Map<String, Source> env, String var) {
        Source s = env.get(var);
        return s == null ? null : s.value();
    }

    private void checkValues(String who, Map<String, Source> env) {
        String ns = namespace();
        // PostgreSQL: the CloudNativePG cluster's read-write service and its database, its app secret.
        String dbUrl = value(env, "SYNCLANE_DB_URL");
        List<String> dbUrls = new ArrayList<>();
        for (ObjectNode cluster : all("Cluster")) {
            String db = cluster.path("spec").path("bootstrap").path("initdb").path("database").asString("app");
            dbUrls.add("jdbc:postgresql://" + name(cluster) + "-rw:5432/" + db);
            dbUrls.add("jdbc:postgresql://" + name(cluster) + "-rw." + ns + ".svc:5432/" + db);
        }
        if (dbUrl != null && !dbUrls.contains(dbUrl)) {
            fail("database", who + ": SYNCLANE_DB_URL " + dbUrl + " is none of " + dbUrls);
        }
        for (String var : List.of("SYNCLANE_DB_USER", "SYNCLANE_DB_PASSWORD")) {
            Source s = env.get(var);
            if (s != null && (!s.kind().equals("Secret") || !s.object().endsWith("-app")
                    || find("Cluster", s.object().substring(0, s.object().length() - 4)) == null)) {
                fail("database", who + ": " + var + " is not from a CloudNativePG cluster's app secret");
            }
        }
        // Kafka: a plain internal listener's bootstrap service.
        String bootstrap = value(env, "SYNCLANE_KAFKA_BOOTSTRAP");
        if (bootstrap != null && !bootstraps(ns).contains(bootstrap)) {
            fail("kafka", who + ": SYNCLANE_KAFKA_BOOTSTRAP " + bootstrap + " is none of " + bootstraps(ns));
        }
        // The worker Service, on its port.
        String workerUrl = value(env, "SYNCLANE_INTERNAL_WORKER_URL");
        if (workerUrl != null) {
            List<String> urls = new ArrayList<>();
            for (ObjectNode s : all("Service")) {
                ObjectNode target = selected(s);
                if (target != null && target.path("spec").path("template").path("spec").path("containers")
                        .valueStream().anyMatch(c -> WORKER_IMAGE.equals(imageKind(c)))) {
                    for (JsonNode port : s.path("spec").path("ports")) {
                        urls.add("http://" + name(s) + ":" + port.path("port").asInt());
                        urls.add("http://" + name(s) + "." + ns + ".svc:" + port.path("port").asInt());
                    }
                }
            }
            if (!urls.contains(workerUrl)) {
                fail("worker url", who + ": SYNCLANE_INTERNAL_WORKER_URL " + workerUrl + " is none of " + urls);
            }
        }
    }

    /** host:port of each Kafka's plain internal listeners, short and namespaced. */
    private List<String> bootstraps(String ns) {
        List<String> out = new ArrayList<>();
        for (ObjectNode kafka : all("Kafka")) {
            for (JsonNode l : kafka.path("spec").path("kafka").path("listeners")) {
                if (l.path("type").asString().equals("internal") && !l.path("tls").asBoolean(true)
                        && !l.has("authentication")) {
                    String host = name(kafka) + "-kafka-bootstrap";
                    int port = l.path("port").asInt();
                    out.add(host + ":" + port);
                    out.add(host + "." + ns + ".svc:" + port);
                    out.add(host + "." + ns + ".svc.cluster.local:" + port);
                }
            }
        }
        return out;
    }

    private ObjectNode selected(ObjectNode service) {
        return all("Deployment").stream().filter(d -> selects(service.path("spec").path("selector"),
                d.path("spec").path("template").path("metadata").path("labels"))).findFirst().orElse(null);
    }

    // ---- services, ingress ------------------------------------------------------------------------------

    private void service(ObjectNode s) {
        ObjectNode target = selected(s);
        if (target == null) {
            fail("service", id(s) + " selects no Deployment's pods");
            return;
        }
        Set<String> names = new HashSet<>();
        Set<Integer> numbers = new HashSet<>();
        for (JsonNode c : target.path("spec").path("template").path("spec").path("containers")) {
            for (JsonNode p : c.path("ports")) {
                names.add(p.path("name").asString(""));
                numbers.add(p.path("containerPort").asInt());
            }
        }
        for (JsonNode port : s.path("spec").path("ports")) {
            JsonNode tp = port.has("targetPort") ? port.get("targetPort") : port.get("port");
            if (tp.isNumber() ? !numbers.contains(tp.asInt()) : !names.contains(tp.asString())) {
                fail("service", id(s) + ": targetPort " + tp + " is no port of " + id(target));
            }
        }
    }

    private void ingress(ObjectNode ing) {
        Set<String> paths = new HashSet<>();
        for (JsonNode rule : ing.path("spec").path("rules")) {
            for (JsonNode p : rule.path("http").path("paths")) {
                paths.add(p.path("path").asString());
                JsonNode svc = p.path("backend").path("service");
                ObjectNode s = find("Service", svc.path("name").asString());
                if (s == null) {
                    fail("ingress", id(ing) + ": backend Service " + svc.path("name").asString() + " is not rendered");
                    continue;
                }
                boolean portFound = s.path("spec").path("ports").valueStream().anyMatch(sp ->
                        svc.path("port").has("name") ? sp.path("name").asString("").equals(svc.path("port").path("name").asString())
                                : sp.path("port").asInt() == svc.path("port").path("number").asInt());
                if (!portFound) {
                    fail("ingress", id(ing) + ": backend port " + svc.path("port") + " is no port of " + id(s));
                }
                ObjectNode target = selected(s);
                if (target == null || target.path("spec").path("template").path("spec").path("containers")
                        .valueStream().noneMatch(c -> API_IMAGE.equals(imageKind(c)))) {
                    fail("ingress", id(ing) + ": path " + p.path("path").asString() + " does not reach api-service");
                }
            }
        }
        for (String needed : INGRESS_PATHS) {
            if (!paths.contains(needed)) {
                fail("ingress", id(ing) + " has no path " + needed);
            }
        }
    }

    // ---- Kafka and autoscaling --------------------------------------------------------------------------

    private int brokers(String cluster) {
        int n = 0;
        for (ObjectNode pool : all("KafkaNodePool")) {
            if (cluster.equals(pool.path("metadata").path("labels").path("strimzi.io/cluster").asString())
                    && pool.path("spec").path("roles").valueStream().anyMatch(r -> r.asString().equals("broker"))) {
                n += pool.path("spec").path("replicas").asInt();
            }
        }
        return n;
    }

    private void kafka() {
        for (ObjectNode pool : all("KafkaNodePool")) {
            String cluster = pool.path("metadata").path("labels").path("strimzi.io/cluster").asString("");
            if (find("Kafka", cluster) == null) {
                fail("kafka", id(pool) + ": label strimzi.io/cluster names no Kafka (" + cluster + ")");
            }
        }
        for (ObjectNode kafka : all("Kafka")) {
            if (!kafka.path("spec").path("entityOperator").has("topicOperator")) {
                fail("kafka", id(kafka) + ": no Topic Operator, so its KafkaTopics would never be created");
            }
            if (brokers(name(kafka)) == 0) {
                fail("kafka", id(kafka) + ": no node pool with the broker role");
            }
        }
        for (String topic : TOPICS) {
            ObjectNode t = topic(topic);
            if (t == null) {
                fail("kafka", "no KafkaTopic for " + topic);
                continue;
            }
            String cluster = t.path("metadata").path("labels").path("strimzi.io/cluster").asString("");
            if (find("Kafka", cluster) == null) {
                fail("kafka", id(t) + ": label strimzi.io/cluster names no Kafka (" + cluster + ")");
                continue;
            }
            int replicas = t.path("spec").path("replicas").asInt(1);
            if (replicas > brokers(cluster)) {
                fail("kafka", id(t) + ": " + replicas + " replicas on " + brokers(cluster) + " brokers");
            }
            JsonNode minIsr = t.path("spec").path("config").path("min.insync.replicas");
            if (minIsr.isMissingNode()) {
                minIsr = find("Kafka", cluster).path("spec").path("kafka").path("config").path("min.insync.replicas");
            }
            if (!minIsr.isMissingNode() && minIsr.asInt() > replicas) {
                fail("kafka", id(t) + ": min.insync.replicas " + minIsr.asInt() + " above its " + replicas
                        + " replicas: no write with acks=all would ever succeed");
            }
        }
    }

    private ObjectNode topic(String topic) {
        return all("KafkaTopic").stream().filter(t -> topic.equals(t.path("spec").path("topicName").asString(name(t))))
                .findFirst().orElse(null);
    }

    private void scaledObject(ObjectNode so) {
        JsonNode spec = so.path("spec");
        String targetKind = spec.path("scaleTargetRef").path("kind").asString("Deployment");
        ObjectNode target = find(targetKind, spec.path("scaleTargetRef").path("name").asString());
        if (target == null) {
            fail("autoscaling", id(so) + ": scaleTargetRef names no rendered " + targetKind);
        } else {
            if (target.path("spec").has("replicas")) {
                fail("autoscaling", id(target) + " sets spec.replicas, which the HPA of " + id(so) + " owns");
            }
            if (target.path("spec").path("template").path("spec").path("containers").valueStream()
                    .noneMatch(c -> WORKER_IMAGE.equals(imageKind(c)))) {
                fail("autoscaling", id(so) + " scales " + id(target) + ", not the workers");
            }
        }
        Properties w = ctx.worker();
        String group = w.getProperty("mp.messaging.incoming.job-requests.group.id");
        String topicName = w.getProperty("mp.messaging.incoming.job-requests.topic");
        String reset = w.getProperty("mp.messaging.incoming.job-requests.auto.offset.reset", "latest");
        int min = spec.path("minReplicaCount").asInt(0);
        int max = spec.path("maxReplicaCount").asInt(100);
        if (min < 1) {
            fail("autoscaling", id(so) + ": minReplicaCount " + min + ": workers also run the scheduler and the "
                    + "lease checks, never scale them to zero");
        }
        List<JsonNode> triggers = spec.path("triggers").valueStream().toList();
        if (triggers.size() != 1 || !triggers.get(0).path("type").asString().equals("kafka")) {
            fail("autoscaling", id(so) + ": one trigger of type kafka expected, found " + spec.path("triggers"));
            return;
        }
        JsonNode m = triggers.get(0).path("metadata");
        for (String key : m.propertyNames()) {
            if (!ctx.kedaKafkaKeys().contains(key)) {
                fail("autoscaling", id(so) + ": trigger metadata " + key + " is not a key KEDA's kafka scaler reads "
                        + "(it would be ignored)");
            }
        }
        if (!Objects.equals(m.path("consumerGroup").asString(null), group)) {
            fail("autoscaling", id(so) + ": consumerGroup " + m.path("consumerGroup") + " is not the workers' " + group);
        }
        if (!Objects.equals(m.path("topic").asString(null), topicName)) {
            fail("autoscaling", id(so) + ": topic " + m.path("topic") + " is not the workers' " + topicName);
        }
        if (!m.path("offsetResetPolicy").asString("latest").equals(reset)) {
            fail("autoscaling", id(so) + ": offsetResetPolicy " + m.path("offsetResetPolicy").asString("latest")
                    + " is not the workers' auto.offset.reset " + reset);
        }
        if (!m.path("lagThreshold").asString("").matches("[1-9][0-9]*")) {
            fail("autoscaling", id(so) + ": lagThreshold " + m.path("lagThreshold") + " is not a positive integer");
        }
        String ns = namespace();
        List<String> hosts = bootstraps(ns).stream().filter(b -> b.contains("." + ns + ".svc")).toList();
        if (!hosts.contains(m.path("bootstrapServers").asString())) {
            fail("autoscaling", id(so) + ": bootstrapServers " + m.path("bootstrapServers").asString()
                    + " is none of " + hosts + " (KEDA resolves it from its own namespace)");
        }
        ObjectNode topic = topic(topicName);
        if (topic != null) {
            int partitions = topic.path("spec").path("partitions").asInt();
            if (max > partitions) {
                fail("autoscaling", id(so) + ": maxReplicaCount " + max + " above the " + partitions
                        + " partitions of " + topicName + ": workers beyond them would sit idle");
            }
        }
    }

    // ---- PostgreSQL -------------------------------------------------------------------------------------

    private void postgresConnections() {
        for (ObjectNode cluster : all("Cluster")) {
            int needed = RESERVED_CONNECTIONS;
            List<String> sum = new ArrayList<>();
            for (ObjectNode d : all("Deployment")) {
                for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                    String kind = imageKind(c);
                    if (kind == null) {
                        continue;
                    }
                    int pool = Integer.parseInt(ctx.of(kind).getProperty("quarkus.datasource.jdbc.max-size", "20"));
                    int replicas = maxReplicas(d);
                    needed += pool * replicas;
                    sum.add(replicas + " x " + pool + " (" + name(d) + ")");
                }
            }
            int max = Integer.parseInt(cluster.path("spec").path("postgresql").path("parameters")
                    .path("max_connections").asString("100"));
            if (max < needed) {
                fail("database", id(cluster) + ": max_connections " + max + " below " + String.join(" + ", sum)
                        + " + " + RESERVED_CONNECTIONS + " reserved = " + needed);
            }
        }
    }

    private int maxReplicas(ObjectNode d) {
        for (ObjectNode so : all("ScaledObject")) {
            if (so.path("spec").path("scaleTargetRef").path("name").asString().equals(name(d))) {
                return so.path("spec").path("maxReplicaCount").asInt(100);
            }
        }
        return d.path("spec").path("replicas").asInt(1);
    }

    // ---- the repository's own facts ---------------------------------------------------------------------

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The SYNCLANE_* names of README's "## Configuration" section. */
    static Set<String> readmeVariables(Path readme) {
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = text.indexOf("\n## Configuration");
        if (start < 0) {
            throw new IllegalStateException("README.md has no '## Configuration' section");
        }
        int end = text.indexOf("\n## ", start + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`(SYNCLANE_[A-Z0-9_]+)`").matcher(section);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> kedaKeys() {
        try (InputStream in = Policies.class.getResourceAsStream("/schemas/keda-kafka-scaler-metadata.txt")) {
            Set<String> keys = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    keys.add(line.strip());
                }
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
