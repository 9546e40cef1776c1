package io.synclane.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.node.ObjectNode;

/**
 * deploy/k8s rendered as an operator would: a copy of the folder, each overlay's secrets.env made from its
 * secrets.env.example with fresh random values (the real file is never in the repository), then the base and
 * every overlay built. The rendered YAML is also written to target/k8s-rendered/ for a look.
 */
final class Renderings {

    static final Path ROOT = Path.of(System.getProperty("synclane.root", "../..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");

    /** The copy that was rendered (kubectl kustomize renders the same copy). */
    final Path copy;
    /** "base", "overlays/production", ...: the rendered documents. */
    final Map<String, List<ObjectNode>> byName = new LinkedHashMap<>();

    private static Renderings instance;

    static synchronized Renderings get() {
        if (instance == null) {
            instance = new Renderings();
        }
        return instance;
    }

    private Renderings() {
        try {
            copy = Files.createTempDirectory("synclane-k8s");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(copy)));
            copyTree(K8S, copy);
            SecureRandom random = new SecureRandom();
            byName.put("base", Kustomize.build(copy.resolve("base")));
            try (Stream<Path> overlays = Files.list(copy.resolve("overlays"))) {
                for (Path overlay : overlays.sorted().toList()) {
                    Path example = overlay.resolve("secrets.env.example");
                    if (Files.exists(example)) {
                        StringBuilder env = new StringBuilder();
                        for (String line : Files.readAllLines(example)) {
                            if (line.matches("[A-Z_][A-Z0-9_]*=.*")) {
                                byte[] bytes = new byte[32];
                                random.nextBytes(bytes);
                                env.append(line, 0, line.indexOf('=') + 1).append(HexFormat.of().formatHex(bytes)).append('\n');
                            }
                        }
                        Files.writeString(overlay.resolve("secrets.env"), env);
                    }
                    byName.put("overlays/" + overlay.getFileName(), Kustomize.build(overlay));
                }
            }
            Path out = Path.of("target/k8s-rendered");
            Files.createDirectories(out);
            for (Map.Entry<String, List<ObjectNode>> e : byName.entrySet()) {
                Files.writeString(out.resolve(e.getKey().replace('/', '-') + ".yaml"), Yaml.toYaml(e.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary folder left behind: nothing to fail a test for.
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("secrets.env")) {
                    // A secrets.env someone keeps in their work tree stays out of the test (and its output).
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Every rendering that is deployed as it is (the overlays). */
    List<String> overlays() {
        return byName.keySet().stream().filter(k -> k.startsWith("overlays/")).toList();
    }
}
