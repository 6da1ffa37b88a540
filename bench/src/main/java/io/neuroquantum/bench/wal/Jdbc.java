package io.neuroquantum.bench.wal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the JDBC commit targets (SQLite, PostgreSQL) share. */
final class Jdbc {

    private Jdbc() {
    }

    /** Work on a connection inside one transaction. */
    @FunctionalInterface
    interface Work {
        void run() throws SQLException;
    }

    /** Runs {@code work} in one transaction on {@code c}: commit, or roll back and rethrow; autocommit again after. */
    static void inTransaction(Connection c, Work work) throws SQLException {
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
