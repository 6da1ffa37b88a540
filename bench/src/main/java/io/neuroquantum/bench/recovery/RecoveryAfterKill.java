package io.neuroquantum.bench.recovery;

import io.neuroquantum.bench.Files2;
import io.neuroquantum.bench.Progress;
import io.neuroquantum.bench.Values;
import io.neuroquantum.bench.pg.PostgresServer;
import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.TreeCursor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code recovery-after-kill}: a load of rows 0..n-1 in 1,000-row commits is killed with SIGKILL
 * (the loading JVM for the embedded systems, every server process for PostgreSQL) once
 * {@code killAfterRows} rows are acknowledged or {@code killAfterMs} after it started, whichever
 * comes first. Then the time to open the store and answer a count, and how many acknowledged
 * rows (keys below the acknowledged count) are missing.
 */
public final class RecoveryAfterKill {

    /** One trial: rows acknowledged before the kill, recovery time, rows found, acknowledged rows missing. */
    public record Trial(long acknowledged, double recoveryMillis, long rows, long missing) {
    }

    private final Path work;
    private final long rows;
    private final int batch;
    private final long killAfterRows;
    private final long killAfterMs;

    public RecoveryAfterKill(Path work, long rows, int batch, long killAfterRows, long killAfterMs) {
        this.work = work;
        this.rows = rows;
        this.batch = batch;
        this.killAfterRows = killAfterRows;
        this.killAfterMs = killAfterMs;
    }

    /** Opens and counts a small scratch store of the system, so class loading and native libraries are not timed. */
    public void warmUp(String system) throws Exception {
        Path dir = Files.createDirectories(work.resolve(system + "-warmup"));
        try {
            Trial t = embeddedTrial(system, dir, 5_000, 5_000);
            Progress.log("recovery-after-kill %s: warm-up trial: %s", system, t);
        } finally {
            Files2.deleteRecursively(dir);
        }
    }

    public Trial embedded(String system, int trial) throws Exception {
        Path dir = Files.createDirectories(work.resolve(system + "-trial" + trial));
        try {
            return embeddedTrial(system, dir, rows, killAfterRows);
        } finally {
            Files2.deleteRecursively(dir);
        }
    }

    private Trial embeddedTrial(String system, Path dir, long n, long killAt) throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicReference<Boolean> ready = new AtomicReference<>(false);
        AtomicReference<Boolean> done = new AtomicReference<>(false);
        try (ChildJvm child = ChildJvm.start(LoadChild.class.getName(),
                List.of(system, dir.toString(), Long.toString(n), Integer.toString(batch)), List.of("-Xmx1g"),
                work.resolve(system + "-load-stderr.log"), line -> {
                    if (line.startsWith("@ACK ")) {
                        acked.set(Long.parseLong(line.substring(5).trim()));
                    } else if (line.startsWith("@READY")) {
                        ready.set(true);
                    } else if (line.startsWith("@DONE")) {
                        done.set(true);
                    }
                })) {
            long readyBy = System.nanoTime() + 120_000_000_000L;
            while (!ready.get() && child.alive() && System.nanoTime() < readyBy) {
                Thread.sleep(1);
            }
            if (!ready.get()) {
                throw new IllegalStateException(system + " load child did not start: " + child.stderrTail(20));
            }
            long killBy = System.nanoTime() + killAfterMs * 1_000_000L;
            while (acked.get() < killAt && !done.get() && child.alive() && System.nanoTime() < killBy) {
                Thread.sleep(1);
            }
            if (!child.alive()) {
                throw new IllegalStateException(system + " load child died: " + child.stderrTail(20));
            }
            child.kill();
        }
        long ack = acked.get();
        return switch (system) {
            case "neuroquantum" -> recoverOurs(dir, ack);
            case "sqlite" -> recoverJdbc(LoadChild.sqliteUrl(dir), "kv", ack);
            case "h2" -> recoverJdbc(LoadChild.h2Url(dir), "kv", ack);
            default -> throw new IllegalArgumentException("unknown embedded system " + system);
        };
    }

    private static Trial recoverOurs(Path dir, long acked) {
        long t0 = System.nanoTime();
        try (StorageEngine engine = StorageEngine.open(dir.resolve(LoadChild.NQ_FILE), EngineOptions.defaults())) {
            Optional<KvTree> tree = engine.findTree(LoadChild.TREE);
            long count = 0;
            long below = 0;
            if (tree.isPresent()) {
                try (TreeCursor c = tree.get().scan(KeyRange.all(), false)) {
                    while (c.next()) {
                        count++;
                        if ((c.keyLong(0) ^ Long.MIN_VALUE) < acked) {
                            below++;
                        }
                    }
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            return new Trial(acked, ms, count, acked - below);
        }
    }

    private static Trial recoverJdbc(String url, String table, long acked) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            if (!tableExists(c, table)) { // H2 at its defaults can lose even the CREATE TABLE
                return new Trial(acked, (System.nanoTime() - t0) / 1e6, 0, acked);
            }
            long count = count(c, "SELECT count(*) FROM " + table);
            double ms = (System.nanoTime() - t0) / 1e6;
            long below;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE k < ?")) {
                ps.setLong(1, acked);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    below = rs.getLong(1);
                }
            }
            return new Trial(acked, ms, count, acked - below);
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        for (String name : List.of(table, table.toUpperCase(java.util.Locale.ROOT))) {
            try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * PostgreSQL: this JVM loads over JDBC; the kill is SIGKILL to the postmaster and all its
     * backends; recovery is the server's start (WAL redo) until it answers the count.
     */
    public Trial postgres(PostgresServer pg, int trial) throws Exception {
        String table = "kv_recovery";
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + "(k bigint PRIMARY KEY, v bytea)");
        }
        AtomicLong acked = new AtomicLong();
        Thread loader = new Thread(() -> {
            try (Connection c = pg.connect()) {
                c.setAutoCommit(false);
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + table + "(k, v) VALUES(?, ?)")) {
                    for (long next = 0; next < rows; ) {
                        long end = Math.min(rows, next + batch);
                        for (long k = next; k < end; k++) {
                            ins.setLong(1, k);
                            ins.setBytes(2, Values.of(k, 0));
                            ins.addBatch();
                        }
                        ins.executeBatch();
                        c.commit();
                        next = end;
                        acked.set(next);
                    }
                }
            } catch (SQLException e) {
                // the server was killed
            }
        }, "pg-loader");
        loader.setDaemon(true);
        loader.start();
        long killBy = System.nanoTime() + killAfterMs * 1_000_000L;
        while (acked.get() < killAfterRows && loader.isAlive() && System.nanoTime() < killBy) {
            Thread.sleep(1);
        }
        pg.killHard();
        loader.join(60_000);
        long ack = acked.get();
        long t0 = System.nanoTime();
        pg.launch();
        pg.awaitReady(600);
        try (Connection c = pg.connect()) {
            long count = count(c, "SELECT count(*) FROM " + table);
            double ms = (System.nanoTime() - t0) / 1e6;
            long below = count(c, "SELECT count(*) FROM " + table + " WHERE k < " + ack);
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE " + table);
            }
            return new Trial(ack, ms, count, ack - below);
        }
    }
}
