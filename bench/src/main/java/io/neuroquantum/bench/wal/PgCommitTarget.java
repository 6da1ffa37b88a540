package io.neuroquantum.bench.wal;

import io.neuroquantum.bench.pg.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Anchor: PostgreSQL over loopback JDBC (see {@link PostgresServer}: fsync=on,
 * synchronous_commit=on), a table {@code (k bigint primary key, v bytea)}, one connection per
 * writer. A single-row commit is one upsert in autocommit mode; a batch is one JDBC batch
 * (reWriteBatchedInserts) and a commit. {@link #open} recreates the table.
 */
final class PgCommitTarget implements CommitTarget {

    private final PostgresServer server;
    private final String table;
    private Connection main;

    PgCommitTarget(PostgresServer server, String table) {
        this.server = server;
        this.table = table;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String describe() {
        return server.describe() + ", one connection per writer";
    }

    @Override
    public void open(Path dir) throws SQLException {
        main = server.connect();
        try (Statement st = main.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + "(k bigint PRIMARY KEY, v bytea)");
        }
    }

    @Override
    public Writer writer() throws SQLException {
        Connection c = server.connect();
        PreparedStatement put = c.prepareStatement("INSERT INTO " + table
                + "(k, v) VALUES(?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v");
        return new Writer() {
            @Override
            public void commitOne(long key, byte[] value) throws SQLException {
                put.setLong(1, key);
                put.setBytes(2, value);
                put.executeUpdate();
            }

            @Override
            public void commitBatch(long[] keys, byte[][] values) throws SQLException {
                Jdbc.inTransaction(c, () -> {
                    for (int i = 0; i < keys.length; i++) {
                        put.setLong(1, keys[i]);
                        put.setBytes(2, values[i]);
                        put.addBatch();
                    }
                    put.executeBatch();
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
        return Jdbc.count(main, table);
    }

    @Override
    public void close() throws SQLException {
        if (main != null) {
            try (Statement st = main.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + table);
            } finally {
                main.close();
                main = null;
            }
        }
    }
}
