package io.synclane.stack;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starting, recognising and stopping the stack's processes, and reading what they printed. */
public final class Processes {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Processes() {
    }

    /**
     * A builder whose output is appended to the log file and whose input is empty. A detached process gets
     * its own session ({@code setsid}, same pid), so neither Ctrl-C in the launcher's terminal nor closing
     * that terminal reaches it; an attached one dies with the terminal's Ctrl-C, as a test's child should.
     */
    static ProcessBuilder builder(List<String> command, Path logFile, boolean detached) throws IOException {
        List<String> full = new ArrayList<>();
        if (detached && Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        return new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    /**
     * Fails when something already listens on 127.0.0.1:port: a new process would die on bind, and until it
     * did, the other listener could answer its readiness probe.
     */
    public static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " for " + what + " is already in use by another process");
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
    public static void stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    /**
     * The live process a pid file names, when its command line still contains {@code marker}: after a reboot
     * the pid may belong to an unrelated process, which must be neither reported as ours nor stopped.
     */
    public static Optional<ProcessHandle> fromPidFile(Path pidFile, String marker) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> commandLine(p).map(c -> c.contains(marker)).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The full command line; /proc also shows it for processes of other users (the postmaster runs as nobody). */
    static Optional<String> commandLine(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
            return Optional.of(new String(raw).replace('\0', ' '));
        } catch (IOException e) {
            return process.info().commandLine();
        }
    }

    /** Resident memory in MB from /proc, or -1 where that is not readable. */
    public static long residentMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** The last 30 lines of a log, read leniently (a log may hold bytes that are not UTF-8). */
    public static String tail(Path logFile) {
        try (var file = new java.io.RandomAccessFile(logFile.toFile(), "r")) {
            long from = Math.max(0, file.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> lines = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    /** Deletes a folder and everything in it; what cannot be deleted is left. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: a temp folder left behind is harmless
        }
    }
}
