package io.neuroquantum.bench.http;

import io.neuroquantum.bench.BenchFailure;
import io.neuroquantum.bench.pg.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The PostgreSQL side over JDBC (the local {@link PostgresServer}: fsync=on,
 * synchronous_commit=on), on the same table: {@code (id BIGINT PRIMARY KEY, k INT, v VARCHAR(100))}.
 * {@code shared_buffers} is raised to the service's buffer pool size so both hold the table in
 * their own cache. Bulk load with {@code COPY ... FROM STDIN} (what a PostgreSQL user bulk-loads
 * with), or JDBC batches with {@code reWriteBatchedInserts=true}; point gets with a prepared
 * {@code SELECT id, k, v FROM t WHERE id = ?} (server-side prepared after pgjdbc's
 * prepareThreshold of 5 executions), one connection per client thread.
 */
final class PgSide implements AutoCloseable {

    private final PostgresServer server;
    private final Connection admin;
    private ProcessHandle postmaster;

    PgSide(PostgresServer server, String sharedBuffers) throws Exception {
        this.server = server;
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET shared_buffers = '" + sharedBuffers + "'");
        }
        server.stop();
        server.launch();
        server.awaitReady(120);
        this.admin = server.connect();
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            postmaster = ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent).orElse(null);
        }
    }

    String describe() {
        return server.describe() + "; shared_buffers=" + show("shared_buffers") + ", JDBC "
                + org.postgresql.Driver.getVersion();
    }

    private String show(String setting) {
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "?";
        }
    }

    void createTable(String table) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, k INT, v VARCHAR(100))");
        }
    }

    void dropTable(String table) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    long count(String table) throws SQLException {
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * After a bulk load, what a PostgreSQL user does before serving reads: VACUUM ANALYZE (hint bits,
     * visibility map, statistics), then pg_prewarm of the table and its index into shared_buffers.
     * Returns what was done (pg_prewarm is in contrib and may be missing).
     */
    String prepareForReads(String table) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("VACUUM ANALYZE " + table);
            try {
                st.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
                long blocks = 0;
                try (ResultSet rs = st.executeQuery("SELECT pg_prewarm('" + table + "') + pg_prewarm('" + table
                        + "_pkey')")) {
                    rs.next();
                    blocks = rs.getLong(1);
                }
                return "VACUUM ANALYZE, pg_prewarm (" + blocks + " blocks)";
            } catch (SQLException e) {
                return "VACUUM ANALYZE (no pg_prewarm: " + e.getMessage() + ")";
            }
        }
    }

    /** CPU of the postmaster and all its processes (backends, walwriter, checkpointer, ...), or -1. */
    long serverCpuNanos() {
        return postmaster == null ? -1 : ProcCpu.treeNanos(postmaster);
    }

    Optional<ProcessHandle> postmaster() {
        return Optional.ofNullable(postmaster);
    }

    /** A loader using COPY FROM STDIN: one COPY, in its own (autocommit) transaction, per batch. */
    final class CopyLoader implements AutoCloseable {
        private final Connection c = server.connect();

        CopyLoader() throws SQLException {
        }

        long copy(String table, byte[] chunk, int rows) throws SQLException {
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (id, k, v) FROM STDIN");
            try {
                in.writeToCopy(chunk, 0, chunk.length);
                long n = in.endCopy();
                if (n != rows) {
                    throw new BenchFailure("COPY of " + rows + " rows into " + table + " reported " + n);
                }
                return n;
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }

    /** A loader using a JDBC batch of INSERTs (rewritten to multi-row INSERTs), one transaction per batch. */
    final class BatchLoader implements AutoCloseable {
        private final Connection c = server.connect();
        private final String table;
        private final PreparedStatement insert;

        BatchLoader(String table) throws SQLException {
            this.table = table;
            c.setAutoCommit(false);
            insert = c.prepareStatement("INSERT INTO " + table + " (id, k, v) VALUES (?, ?, ?)");
        }

        long insert(long from, long to) throws SQLException {
            try {
                for (long id = from; id < to; id++) {
                    insert.setLong(1, id);
                    insert.setInt(2, BenchRows.k(id));
                    insert.setString(3, BenchRows.v(id));
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
                return to - from;
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("batch insert into " + table + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws SQLException {
            insert.close();
            c.close();
        }
    }

    /** A point-get client: its own connection and prepared SELECT; every answer checked. */
    final class Get implements ClosedLoop.Caller {
        private final Connection c = server.connect();
        private final PreparedStatement select;

        Get(String table) throws SQLException {
            select = c.prepareStatement("SELECT id, k, v FROM " + table + " WHERE id = ?");
        }

        @Override
        public void call(long key) throws SQLException {
            select.setLong(1, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new BenchFailure("SELECT id " + key + ": no row");
                }
                long id = rs.getLong(1);
                int k = rs.getInt(2);
                String v = rs.getString(3);
                if (id != key || k != BenchRows.k(key) || !BenchRows.v(key).equals(v) || rs.next()) {
                    throw new BenchFailure("SELECT id " + key + " answered (" + id + ", " + k + ", " + v + ")");
                }
            }
        }

        @Override
        public void close() throws SQLException {
            select.close();
            c.close();
        }
    }

    @Override
    public void close() throws SQLException {
        admin.close();
    }
}
