package io.neuroquantum.bench.pg;

import io.neuroquantum.bench.Files2;
import io.neuroquantum.bench.Progress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster for the anchors: {@code initdb} into a temporary directory,
 * started with {@code pg_ctl} on a free loopback port with durable settings ({@code fsync=on},
 * {@code synchronous_commit=on}, {@code full_page_writes=on}), trust authentication, user
 * {@code nq}. PostgreSQL refuses to run as root: when this JVM is root the server runs as the
 * {@code postgres} system user through {@code runuser -u postgres --} (the data directory is
 * handed to that user). Found in {@code --pg-bin}, {@code $NQ_PG_BIN} or the newest
 * {@code /usr/lib/postgresql/VERSION/bin}; with {@code NQ_BENCH_INSTALL_PG=1} (as root) a missing
 * server is installed with {@code apt-get install -y postgresql}. Otherwise the suites skip it.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String USER = "nq";
    private static final String OS_USER = "postgres";

    private final Path bin;
    private final Path base;
    private final Path data;
    private final Path log;
    private final int port;
    private final List<String> runAs;
    private final Thread shutdownHook;
    private volatile boolean stopped;

    private PostgresServer(Path bin, Path base, int port, List<String> runAs) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.log = base.resolve("postgres.log");
        this.port = port;
        this.runAs = runAs;
        this.shutdownHook = new Thread(() -> {
            if (!stopped) {
                try {
                    pgCtl(List.of("-m", "immediate", "-w", "stop"), 30);
                } catch (Exception e) {
                    killHard();
                }
            }
        }, "postgres-stop");
    }

    /**
     * The bin directory of a usable PostgreSQL server (postgres, initdb, pg_ctl), or empty with
     * the reason logged.
     */
    public static Optional<Path> locate(String override) {
        String explicit = override != null ? override : System.getenv("NQ_PG_BIN");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (usable(p)) {
                return Optional.of(p);
            }
            Progress.log("postgresql: %s has no postgres/initdb/pg_ctl: skipping PostgreSQL", p);
            return Optional.empty();
        }
        Optional<Path> found = newestInstalled();
        if (found.isEmpty() && "1".equals(System.getenv("NQ_BENCH_INSTALL_PG")) && isRoot()) {
            Progress.log("postgresql: not installed; NQ_BENCH_INSTALL_PG=1: apt-get install -y postgresql");
            try {
                Process p = new ProcessBuilder("apt-get", "install", "-y", "postgresql")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    Progress.log("postgresql: apt-get install failed");
                }
            } catch (IOException e) {
                Progress.log("postgresql: apt-get install failed: %s", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            found = newestInstalled();
        }
        if (found.isEmpty()) {
            Progress.log("postgresql: no server binaries in /usr/lib/postgresql/*/bin (set --pg-bin or NQ_PG_BIN, or"
                    + " NQ_BENCH_INSTALL_PG=1 to apt-get install it): skipping PostgreSQL");
        }
        return found;
    }

    private static Optional<Path> newestInstalled() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(PostgresServer::usable)
                    .max(Comparator.comparingDouble(PostgresServer::versionOf));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static double versionOf(Path bin) {
        try {
            return Double.parseDouble(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean usable(Path bin) {
        return Files.isExecutable(bin.resolve("postgres")) && Files.isExecutable(bin.resolve("initdb"))
                && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Creates and starts a cluster under a new temporary directory. Returns empty (reason logged)
     * when it cannot be started here.
     */
    public static Optional<PostgresServer> start(Path bin) {
        List<String> runAs = List.of();
        Path base = Files2.tempDir("postgresql", "cluster");
        try {
            if (isRoot()) {
                UserPrincipalLookupService users = base.getFileSystem().getUserPrincipalLookupService();
                UserPrincipal user;
                GroupPrincipal group;
                try {
                    user = users.lookupPrincipalByName(OS_USER);
                    group = users.lookupPrincipalByGroupName(OS_USER);
                } catch (IOException e) {
                    Progress.log("postgresql: running as root and there is no '%s' user to run the server as: skipping",
                            OS_USER);
                    Files2.deleteRecursively(base);
                    return Optional.empty();
                }
                PosixFileAttributeView view = Files.getFileAttributeView(base, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
                runAs = List.of("runuser", "-u", OS_USER, "--");
            }
            PostgresServer server = new PostgresServer(bin, base, freePort(), runAs);
            server.init();
            server.launch();
            server.awaitReady(120);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            return Optional.of(server);
        } catch (Exception e) {
            Progress.log("postgresql: could not start a cluster (%s): skipping", e.getMessage());
            Files2.deleteRecursively(base);
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void init() throws IOException, InterruptedException {
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", USER, "-E", "UTF8",
                "--no-sync"), 120);
        String conf = String.join("\n", "",
                "# nq bench: durable commits, loopback only",
                "port = " + port,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + base + "'",
                "fsync = on",
                "synchronous_commit = on",
                "full_page_writes = on",
                "max_connections = 200",
                "");
        Files.writeString(data.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Starts the postmaster without waiting (after a crash it first replays its WAL). */
    public void launch() throws IOException, InterruptedException {
        pgCtl(List.of("-l", log.toString(), "-W", "start"), 60);
        stopped = false;
    }

    /** Waits until a connection succeeds. */
    public void awaitReady(int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = connect()) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(10);
            }
        }
        throw new IOException("PostgreSQL did not accept connections within " + timeoutSeconds + " s: "
                + (last == null ? "" : last.getMessage()) + "; log: " + logTail());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + USER + "&reWriteBatchedInserts=true";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    public String version() {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("show server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        } catch (SQLException e) {
            return "PostgreSQL ?";
        }
    }

    public String describe() {
        return version() + " on 127.0.0.1:" + port + " (initdb temp cluster" + (runAs.isEmpty() ? "" : ", run as '"
                + OS_USER + "'") + "), fsync=on, synchronous_commit=on, full_page_writes=on, defaults otherwise";
    }

    /** SIGKILL to the postmaster and every backend: a crash of the whole server. */
    public void killHard() {
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        } catch (Exception e) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
        if (postmaster.isEmpty()) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(postmaster.get().descendants().toList());
        all.addFirst(postmaster.get());
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        stopped = true;
    }

    public void stop() {
        if (stopped) {
            return;
        }
        try {
            pgCtl(List.of("-m", "fast", "-w", "stop"), 120);
        } catch (Exception e) {
            killHard();
        }
        stopped = true;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
        Files2.deleteRecursively(base);
    }

    private void pgCtl(List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString()));
        cmd.addAll(args);
        run(cmd, timeoutSeconds);
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(runAs);
        cmd.addAll(command);
        Path out = Files.createTempFile("nq-bench-pg-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(out).strip() + logTail());
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return " | " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
