package io.neuroquantum.bench.recovery;

import io.neuroquantum.bench.Values;
import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.Transaction;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The process killed by {@code recovery-after-kill}: loads rows 0..n-1 (8-byte keys, 100-byte
 * values) in transactions of {@code batch} rows into an embedded store, printing
 * {@code @ACK <rows>} after each commit returned; {@code @DONE} when all are in (then it waits to
 * be killed). Each system at its default durability:
 * <ul>
 *   <li>neuroquantum: {@code EngineOptions.defaults()} (synchronous commit, default checkpoints)</li>
 *   <li>sqlite: journal_mode=WAL, synchronous=FULL</li>
 *   <li>h2: the JDBC file database at its defaults (commit does not force the file)</li>
 * </ul>
 * <pre>java -cp CLASSPATH io.neuroquantum.bench.recovery.LoadChild SYSTEM DIR ROWS BATCH</pre>
 */
public final class LoadChild {

    static final String NQ_FILE = "kv.nqdb";
    static final String TREE = "kv";

    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private LoadChild() {
    }

    public static void main(String[] args) throws Exception {
        String system = args[0];
        Path dir = Path.of(args[1]);
        long rows = Long.parseLong(args[2]);
        int batch = Integer.parseInt(args[3]);
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(9)));
        switch (system) {
            case "neuroquantum" -> loadOurs(dir, rows, batch);
            case "sqlite" -> loadJdbc(sqliteUrl(dir), "CREATE TABLE kv(k INTEGER PRIMARY KEY, v BLOB) WITHOUT ROWID",
                    rows, batch, true);
            case "h2" -> loadJdbc(h2Url(dir), "CREATE TABLE kv(k BIGINT PRIMARY KEY, v VARBINARY(1000))", rows, batch,
                    false);
            default -> throw new IllegalArgumentException("unknown system " + system);
        }
        emit("@DONE");
        Thread.sleep(Long.MAX_VALUE);
    }

    static String sqliteUrl(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("kv.sqlite");
    }

    static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("kv");
    }

    static byte[] encode(long key) {
        byte[] b = new byte[8];
        Values.putLong(b, 0, key ^ Long.MIN_VALUE);
        return b;
    }

    static long decode(byte[] b) {
        return Values.getLong(b, 0) ^ Long.MIN_VALUE;
    }

    private static void loadOurs(Path dir, long rows, int batch) {
        StorageEngine engine = StorageEngine.open(dir.resolve(NQ_FILE), EngineOptions.defaults());
        KvTree tree = engine.findTree(TREE).orElseGet(() -> engine.createTree(TREE));
        emit("@READY");
        for (long next = 0; next < rows; ) {
            long end = Math.min(rows, next + batch);
            try (Transaction tx = engine.begin()) {
                for (long k = next; k < end; k++) {
                    tx.put(tree, encode(k), Values.of(k, 0));
                }
                tx.commit();
            }
            next = end;
            emit("@ACK " + next);
        }
    }

    private static void loadJdbc(String url, String ddl, long rows, int batch, boolean sqlite) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                if (sqlite) {
                    st.execute("PRAGMA journal_mode=WAL");
                    st.execute("PRAGMA synchronous=FULL");
                }
                st.execute(ddl);
            }
            c.setAutoCommit(false);
            emit("@READY");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO kv(k, v) VALUES(?, ?)")) {
                for (long next = 0; next < rows; ) {
                    long end = Math.min(rows, next + batch);
                    for (long k = next; k < end; k++) {
                        ins.setLong(1, k);
                        ins.setBytes(2, Values.of(k, 0));
                        ins.executeUpdate();
                    }
                    c.commit();
                    next = end;
                    emit("@ACK " + next);
                }
            }
        }
    }

    private static void emit(String line) {
        byte[] b = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (OUT) {
            try {
                OUT.write(b);
            } catch (IOException e) {
                Runtime.getRuntime().halt(4);
            }
        }
    }
}
