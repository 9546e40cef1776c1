package io.synclane.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The checks fail on real mistakes: each case breaks one field of the production rendering (a JSON patch on one
 * document) and expects the schemas (KubeSchemas) or the rules (Policies) to name it.
 */
class MistakesAreCaughtTest {

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // ---- Kubernetes schemas
                mistake("a misspelled replicas", "Deployment", "synclane-api",
                        "[{op: remove, path: /spec/replicas}, {op: add, path: /spec/replica, value: 3}]",
                        "/spec: property 'replica' is not defined"),
                mistake("replicas as a string", "Deployment", "synclane-api",
                        "[{op: replace, path: /spec/replicas, value: '3'}]", "/spec/replicas: string found, integer expected"),
                mistake("a misspelled container field", "Deployment", "synclane-worker",
                        "[{op: add, path: /spec/template/spec/containers/0/imagePullPolicyy, value: Always}]",
                        "imagePullPolicyy"),
                mistake("an image pull policy that does not exist", "Deployment", "synclane-api",
                        "[{op: replace, path: /spec/template/spec/containers/0/imagePullPolicy, value: Allways}]",
                        "imagePullPolicy: does not have a value in the enumeration"),
                mistake("a variable's value as a number", "Deployment", "synclane-api",
                        "[{op: add, path: /spec/template/spec/containers/0/env/-, value: {name: SYNCLANE_AGENTS_MAX_FILE_SIZE, value: 16777216}}]",
                        "/env/6/value: integer found, string expected"),
                mistake("a Service port as a string", "Service", "synclane-api",
                        "[{op: replace, path: /spec/ports/0/port, value: '8080'}]", "/spec/ports/0/port: string found"),
                mistake("an Ingress path type in lower case", "Ingress", "synclane",
                        "[{op: replace, path: /spec/rules/0/http/paths/0/pathType, value: prefix}]",
                        "pathType: does not have a value in the enumeration"),
                mistake("a disruption budget without a selector field name", "PodDisruptionBudget", "synclane-api",
                        "[{op: add, path: /spec/minAvailabel, value: 1}]", "minAvailabel"),
                // ---- Strimzi, CloudNativePG and KEDA schemas
                mistake("a KafkaTopic with partitions as a string", "KafkaTopic", "job-requests",
                        "[{op: replace, path: /spec/partitions, value: '12'}]", "/spec/partitions: string found, integer expected"),
                mistake("a KafkaTopic of the removed v1beta2 API", "KafkaTopic", "job-events",
                        "[{op: replace, path: /apiVersion, value: kafka.strimzi.io/v1beta2}]",
                        "no schema for apiVersion kafka.strimzi.io/v1beta2 kind KafkaTopic"),
                mistake("a listener without its tls flag", "Kafka", "synclane-kafka",
                        "[{op: remove, path: /spec/kafka/listeners/0/tls}]", "required property 'tls' not found"),
                mistake("a node pool role ZooKeeper", "KafkaNodePool", "dual-role",
                        "[{op: add, path: /spec/roles/-, value: zookeeper}]", "does not have a value in the enumeration"),
                mistake("a custom resource's misspelled metadata", "KafkaTopic", "job-requests",
                        "[{op: add, path: /metadata/lables, value: {a: b}}]", "/metadata: property 'lables' is not defined"),
                mistake("a misspelled PostgreSQL instances", "Cluster", "synclane-db",
                        "[{op: remove, path: /spec/instances}, {op: add, path: /spec/instance, value: 3}]",
                        "property 'instance' is not defined"),
                mistake("a PostgreSQL image and an image catalog at once (a CEL rule)", "Cluster", "synclane-db",
                        "[{op: add, path: /spec/imageCatalogRef, value: {apiGroup: postgresql.cnpg.io, kind: ImageCatalog, name: pg, major: 17}}]",
                        "imageName and imageCatalogRef are mutually exclusive"),
                mistake("a ScaledObject without scaleTargetRef", "ScaledObject", "synclane-worker",
                        "[{op: remove, path: /spec/scaleTargetRef}]", "required property 'scaleTargetRef' not found"),
                mistake("KEDA trigger metadata as a number", "ScaledObject", "synclane-worker",
                        "[{op: replace, path: /spec/triggers/0/metadata/lagThreshold, value: 16}]",
                        "lagThreshold: integer found, string expected"),
                mistake("more minimum than maximum workers (a CEL rule)", "ScaledObject", "synclane-worker",
                        "[{op: replace, path: /spec/minReplicaCount, value: 20}]",
                        "minReplicaCount must be less than or equal to maxReplicaCount"),
                // ---- Synclane's rules
                mistake("more workers than job-requests partitions", "ScaledObject", "synclane-worker",
                        "[{op: replace, path: /spec/maxReplicaCount, value: 13}]",
                        "maxReplicaCount 13 above the 12 partitions of job-requests"),
                mistake("workers scaled to zero", "ScaledObject", "synclane-worker",
                        "[{op: replace, path: /spec/minReplicaCount, value: 0}]", "never scale them to zero"),
                mistake("a misspelled KEDA trigger key (KEDA would ignore it)", "ScaledObject", "synclane-worker",
                        "[{op: remove, path: /spec/triggers/0/metadata/lagThreshold}, {op: add, path: /spec/triggers/0/metadata/lagTreshold, value: '16'}]",
                        "lagTreshold is not a key KEDA's kafka scaler reads"),
                mistake("another consumer group than the workers'", "ScaledObject", "synclane-worker",
                        "[{op: replace, path: /spec/triggers/0/metadata/consumerGroup, value: synclane-worker}]",
                        "is not the workers' synclane-workers"),
                mistake("a bootstrap address KEDA cannot resolve", "ScaledObject", "synclane-worker",
                        "[{op: replace, path: /spec/triggers/0/metadata/bootstrapServers, value: 'synclane-kafka-kafka-bootstrap:9092'}]",
                        "KEDA resolves it from its own namespace"),
                mistake("a worker Deployment with replicas beside KEDA", "Deployment", "synclane-worker",
                        "[{op: add, path: /spec/replicas, value: 2}]", "which the HPA of ScaledObject synclane-worker owns"),
                mistake("a database URL to another service", "ConfigMap", "synclane-common",
                        "[{op: replace, path: /data/SYNCLANE_DB_URL, value: 'jdbc:postgresql://synclane-db-r:5432/synclane'}]",
                        "SYNCLANE_DB_URL jdbc:postgresql://synclane-db-r:5432/synclane is none of"),
                mistake("Kafka's bootstrap on the TLS port", "ConfigMap", "synclane-common",
                        "[{op: replace, path: /data/SYNCLANE_KAFKA_BOOTSTRAP, value: 'synclane-kafka-kafka-bootstrap:9093'}]",
                        "SYNCLANE_KAFKA_BOOTSTRAP synclane-kafka-kafka-bootstrap:9093 is none of"),
                mistake("a variable README does not know", "ConfigMap", "synclane-api",
                        "[{op: add, path: /data/SYNCLANE_INTERNAL_WORKER_ADDRESS, value: 'http://synclane-worker:8080'}]",
                        "SYNCLANE_INTERNAL_WORKER_ADDRESS is not in README's Configuration table"),
                mistake("the agent key as a plain value", "Deployment", "synclane-api",
                        "[{op: replace, path: /spec/template/spec/containers/0/env/4, value: {name: SYNCLANE_AGENT_KEY, value: k}}]",
                        "SYNCLANE_AGENT_KEY must come from a Secret, not a literal"),
                mistake("a key the Secret does not have", "Deployment", "synclane-worker",
                        "[{op: replace, path: /spec/template/spec/containers/0/env/2/valueFrom/secretKeyRef/key, value: INTERNAL_TOKEN}]",
                        "key INTERNAL_TOKEN, which is not rendered"),
                mistake("the admin token given to the workers", "Deployment", "synclane-worker",
                        "[{op: add, path: /spec/template/spec/containers/0/env/-, value: {name: SYNCLANE_ADMIN_TOKEN, valueFrom: {secretKeyRef: {name: synclane-secrets, key: SYNCLANE_ADMIN_TOKEN}}}}]",
                        "SYNCLANE_ADMIN_TOKEN is api-service's"),
                mistake("readiness on the liveness path", "Deployment", "synclane-api",
                        "[{op: replace, path: /spec/template/spec/containers/0/readinessProbe/httpGet/path, value: /q/health/live}]",
                        "readinessProbe is not an HTTP GET of /q/health/ready"),
                mistake("the worker on its default port 8081, the container on 8080", "ConfigMap", "synclane-worker",
                        "[{op: remove, path: /data/QUARKUS_HTTP_PORT}]", "Quarkus listens on 8081"),
                mistake("service links left on", "Deployment", "synclane-worker",
                        "[{op: remove, path: /spec/template/spec/enableServiceLinks}]", "enableServiceLinks must be false"),
                mistake("a Service selecting nothing", "Service", "synclane-worker",
                        "[{op: replace, path: /spec/selector/app.kubernetes.io~1name, value: synclane-workers}]",
                        "selects no Deployment's pods"),
                mistake("an Ingress to a port the Service lacks", "Ingress", "synclane",
                        "[{op: replace, path: /spec/rules/0/http/paths/3/backend/service/port/name, value: web}]",
                        "backend port"),
                mistake("an Ingress without the dashboard", "Ingress", "synclane",
                        "[{op: remove, path: /spec/rules/0/http/paths/3}]", "has no path /ui"),
                mistake("more topic replicas than brokers", "KafkaTopic", "job-events",
                        "[{op: replace, path: /spec/replicas, value: 4}]", "4 replicas on 3 brokers"),
                mistake("too few PostgreSQL connections for the pools at full scale", "Cluster", "synclane-db",
                        "[{op: replace, path: /spec/postgresql/parameters/max_connections, value: '400'}]",
                        "max_connections 400 below"),
                mistake("no disruption budget for the workers", "PodDisruptionBudget", "synclane-worker",
                        "[{op: replace, path: /spec/selector/matchLabels/app.kubernetes.io~1name, value: worker}]",
                        "is covered by 0 PodDisruptionBudgets"));
    }

    private static Arguments mistake(String what, String kind, String name, String patch, String expected) {
        return Arguments.of(what, kind, name, patch, expected);
    }

    private static List<String> problemsOf(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode doc : docs) {
            problems.addAll(KubeSchemas.get().validate(doc));
        }
        if (problems.isEmpty()) {
            problems.addAll(Policies.check(docs, Policies.Context.load(Renderings.ROOT)));
        }
        return problems;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void isCaught(String what, String kind, String name, String patch, String expected) {
        // A mistake in the manifests themselves is ManifestsTest's to report, not every case's here.
        Assumptions.assumeTrue(problemsOf(Renderings.get().byName.get("overlays/production")).isEmpty(),
                "the production rendering has problems of its own (ManifestsTest names them)");
        List<ObjectNode> docs = new ArrayList<>();
        int patched = 0;
        for (ObjectNode doc : Renderings.get().byName.get("overlays/production")) {
            ObjectNode copy = doc.deepCopy();
            String docName = copy.path("metadata").path("name").asString();
            // Generated ConfigMaps carry a content hash: synclane-common-<hash>.
            if (copy.path("kind").asString().equals(kind)
                    && (docName.equals(name) || docName.matches(java.util.regex.Pattern.quote(name) + "-[a-z0-9]{10}"))) {
                for (JsonNode op : Yaml.readAll(patch).get(0)) {
                    Kustomize.JsonPatch.apply(copy, op);
                }
                patched++;
            }
            docs.add(copy);
        }
        assertEquals(1, patched, "the case names one document");
        List<String> problems = problemsOf(docs);
        System.out.println("caught: " + what + " -> " + (problems.isEmpty() ? "nothing" : problems.get(0)));
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                what + ": expected a problem containing \"" + expected + "\", got " + problems);
    }
}
