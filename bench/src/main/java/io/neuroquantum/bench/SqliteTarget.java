package io.neuroquantum.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Anchor: SQLite through sqlite-jdbc, {@code kv(k INTEGER PRIMARY KEY, v BLOB) WITHOUT ROWID},
 * WAL journal, {@code synchronous=NORMAL} (no fsync per commit; fsync at checkpoints), prepared
 * statements, one connection per thread; {@code cache_size} is set per connection in KiB.
 */
final class SqliteTarget implements KvTarget {

    private static final int BUSY_TIMEOUT_MS = 30_000;

    private Path dir;
    private long cacheKib;
    private Session primary;
    private final List<Session> sessions = new ArrayList<>();

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public String describe() {
        String version = "?";
        try (Statement st = primary.conn.createStatement(); ResultSet rs = st.executeQuery("select sqlite_version()")) {
            rs.next();
            version = rs.getString(1);
        } catch (Exception e) {
            // describe is informational only
        }
        return "SQLite " + version + " (sqlite-jdbc), WITHOUT ROWID, journal_mode=WAL, synchronous=NORMAL, cache_size="
                + cacheKib + " KiB per connection";
    }

    @Override
    public void open(Path dir, long cacheBytes) throws SQLException {
        this.dir = dir;
        this.cacheKib = Math.max(64, cacheBytes / 1024);
        primary = new Session(connect());
        try (Statement st = primary.conn.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS kv(k INTEGER PRIMARY KEY, v BLOB) WITHOUT ROWID");
        }
        primary.prepare();
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("kv.sqlite"));
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA cache_size=-" + cacheKib);
            st.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
        }
        return c;
    }

    @Override
    public KvSession primary() {
        return primary;
    }

    @Override
    public synchronized KvSession openSession() throws SQLException {
        Session s = new Session(connect());
        s.prepare();
        sessions.add(s);
        return s;
    }

    @Override
    public void flush() throws SQLException {
        if (!primary.conn.getAutoCommit()) {
            primary.conn.commit();
        }
    }

    @Override
    public void reopen(long cacheBytes) throws SQLException {
        close();
        open(dir, cacheBytes);
    }

    @Override
    public synchronized void close() throws SQLException {
        for (Session s : List.copyOf(sessions)) {
            s.close();
        }
        if (primary != null) {
            primary.closeConnection();
            primary = null;
        }
    }

    private final class Session implements KvSession {
        final Connection conn;
        private PreparedStatement put;
        private PreparedStatement get;
        private PreparedStatement scan;

        Session(Connection conn) {
            this.conn = conn;
        }

        void prepare() throws SQLException {
            put = conn.prepareStatement("INSERT OR REPLACE INTO kv(k, v) VALUES(?, ?)");
            get = conn.prepareStatement("SELECT v FROM kv WHERE k = ?");
            scan = conn.prepareStatement("SELECT k, v FROM kv WHERE k >= ? ORDER BY k LIMIT ?");
        }

        @Override
        public void put(long key, byte[] value) throws SQLException {
            put.setLong(1, key);
            put.setBytes(2, value);
            put.executeUpdate();
        }

        @Override
        public byte[] get(long key) throws SQLException {
            get.setLong(1, key);
            try (ResultSet rs = get.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }

        @Override
        public int scan(long fromKey, int limit, RowVisitor visitor) throws SQLException {
            scan.setLong(1, fromKey);
            scan.setInt(2, limit);
            int n = 0;
            try (ResultSet rs = scan.executeQuery()) {
                while (rs.next()) {
                    visitor.row(rs.getLong(1), rs.getBytes(2));
                    n++;
                }
            }
            return n;
        }

        @Override
        public void begin() throws SQLException {
            conn.setAutoCommit(false);
        }

        @Override
        public void commit() throws SQLException {
            conn.setAutoCommit(true); // commits the open transaction (sqlite-jdbc issues COMMIT)
        }

        @Override
        public void close() throws SQLException {
            synchronized (SqliteTarget.this) {
                sessions.remove(this);
            }
            closeConnection();
        }

        void closeConnection() throws SQLException {
            put.close();
            get.close();
            scan.close();
            conn.close();
        }
    }
}
