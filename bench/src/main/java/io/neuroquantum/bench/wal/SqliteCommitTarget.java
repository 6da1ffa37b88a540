package io.neuroquantum.bench.wal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Anchor: SQLite (sqlite-jdbc) at its durable setting: {@code journal_mode=WAL},
 * {@code synchronous=FULL} (the WAL is fsynced at every commit), table
 * {@code kv(k INTEGER PRIMARY KEY, v BLOB) WITHOUT ROWID}, one connection per writer thread,
 * {@code busy_timeout} 60 s. A single-row commit is one INSERT OR REPLACE in autocommit mode.
 *
 * <p>SQLite admits one writer at a time; left to its busy handler, waiting writers sleep in
 * back-off steps (up to 100 ms) while the lock sits free, which halved its commit rate at 16 and
 * 64 writers here. So writers take turns on one fair in-process lock first: the best SQLite can
 * do with many writer threads (its rate stays that of one writer).
 */
final class SqliteCommitTarget implements CommitTarget {

    private final ReentrantLock writeLock = new ReentrantLock(true);
    private Path file;
    private Connection main;

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public String describe() {
        String version = "?";
        try (Statement st = main.createStatement(); ResultSet rs = st.executeQuery("select sqlite_version()")) {
            rs.next();
            version = rs.getString(1);
        } catch (SQLException e) {
            // informational
        }
        return "SQLite " + version + " (sqlite-jdbc), WITHOUT ROWID, journal_mode=WAL, synchronous=FULL,"
                + " one connection per writer,"
                + " writers take turns on an in-process lock";
    }

    @Override
    public void open(Path dir) throws SQLException {
        file = dir.resolve("kv.sqlite");
        main = connect();
        try (Statement st = main.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS kv(k INTEGER PRIMARY KEY, v BLOB) WITHOUT ROWID");
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=60000");
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
        }
        return c;
    }

    @Override
    public Writer writer() throws SQLException {
        Connection c = connect();
        PreparedStatement put = c.prepareStatement("INSERT OR REPLACE INTO kv(k, v) VALUES(?, ?)");
        return new Writer() {
            @Override
            public void commitOne(long key, byte[] value) throws SQLException {
                put.setLong(1, key);
                put.setBytes(2, value);
                writeLock.lock();
                try {
                    put.executeUpdate(); // autocommit: its own durable transaction
                } finally {
                    writeLock.unlock();
                }
            }

            @Override
            public void commitBatch(long[] keys, byte[][] values) throws SQLException {
                writeLock.lock();
                try {
                    batch(keys, values);
                } finally {
                    writeLock.unlock();
                }
            }

            private void batch(long[] keys, byte[][] values) throws SQLException {
                Jdbc.inTransaction(c, () -> {
                    for (int i = 0; i < keys.length; i++) {
                        put.setLong(1, keys[i]);
                        put.setBytes(2, values[i]);
                        put.executeUpdate();
                    }
                });
            }

            @Override
            public void close() throws SQLException {
                put.close();
                c.close();
            }
        };
    }

    @Override
    public long count() throws SQLException {
        return Jdbc.count(main, "kv");
    }

    @Override
    public void close() throws SQLException {
        if (main != null) {
            main.close();
            main = null;
        }
    }
}
