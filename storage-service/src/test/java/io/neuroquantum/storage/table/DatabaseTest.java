package io.neuroquantum.storage.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.platform.problem.ApiProblem;
import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.IsolationLevel;
import io.neuroquantum.storage.changes.ChangeEvent;
import io.neuroquantum.storage.changes.ChangeFeed;
import io.neuroquantum.storage.changes.ChangeOp;
import io.neuroquantum.storage.wal.SegmentListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        db = Database.open(dir, EngineOptions.defaults().withBufferPoolBytes(16L << 20), SegmentListener.NONE);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void reopen() {
        db.close();
        open();
    }

    private <T> T tx(java.util.function.Function<TableTransaction, T> body) {
        TableTransaction t = db.begin(IsolationLevel.SERIALIZABLE);
        try {
            T result = body.apply(t);
            t.commit();
            return result;
        } finally {
            t.rollback();
        }
    }

    private static TableDefinition users() {
        return new TableDefinition("users", List.of(
                new ColumnDefinition("id", "BIGINT", false, null),
                new ColumnDefinition("email", "VARCHAR(100)", false, null),
                new ColumnDefinition("age", "INT", true, null),
                new ColumnDefinition("active", "BOOLEAN", true, true)),
                List.of("id"), List.of(new IndexDefinition("users_email", List.of("email"), true)));
    }

    private static ApiProblem problem(Runnable r) {
        try {
            r.run();
        } catch (ApiProblem p) {
            return p;
        }
        throw new AssertionError("expected a problem");
    }

    @Test
    void rowsRoundTripThroughKeysScansAndIndexes() {
        tx(t -> t.createTable(users()));
        tx(t -> t.insert("users", List.of(
                Map.of("id", 1, "email", "a@x", "age", 30),
                List.of(2, "b@x", 40, false),
                Map.of("id", 3, "email", "c@x")), false));
        List<Object[]> got = tx(t -> t.get("users", List.of(List.of(2), 3, List.of(9)), null));
        assertThat(got.get(0)).containsExactly(2L, "b@x", 40, false);
        assertThat(got.get(1)).containsExactly(3L, "c@x", null, true);
        assertThat(got.get(2)).isNull();

        List<Object[]> older = tx(t -> drain(t.scan(new ScanSpec("users", null, List.of(), true, List.of(), true,
                Map.of("op", "ge", "column", "age", "value", 35), List.of("email"), false, 0))));
        assertThat(older).hasSize(1);
        assertThat(older.getFirst()).containsExactly("b@x");

        List<Object[]> viaIndex = tx(t -> drain(t.scan(new ScanSpec("users", "users_email", List.of("b@x"), true,
                List.of("c@x"), true, null, List.of("id", "email", "age"), true, 0))));
        assertThat(viaIndex).extracting(r -> r[0]).containsExactly(3L, 2L);
        assertThat(viaIndex.getFirst()[2]).isNull();
        assertThat(viaIndex.get(1)[2]).isEqualTo(40);

        reopen();
        List<Object[]> all = tx(t -> drain(t.scan(ScanSpec.all("users"))));
        assertThat(all).hasSize(3);
    }

    @Test
    void constraintsAreNamedAndStatementsAreAtomic() {
        tx(t -> t.createTable(users()));
        tx(t -> t.insert("users", List.of(Map.of("id", 1, "email", "a@x")), false));
        TableTransaction t = db.begin(IsolationLevel.SERIALIZABLE);
        ApiProblem dup = problem(() -> t.insert("users", List.of(Map.of("id", 5, "email", "e@x"),
                Map.of("id", 1, "email", "z@x")), false));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.properties()).containsEntry("constraint", "users_pkey");
        ApiProblem unique = problem(() -> t.insert("users", List.of(Map.of("id", 6, "email", "a@x")), false));
        assertThat(unique.properties()).containsEntry("constraint", "users_email");
        ApiProblem notNull = problem(() -> t.insert("users", List.of(Map.of("id", 7)), false));
        assertThat(notNull.properties().get("constraint")).isEqualTo("users_email_not_null");
        ApiProblem type = problem(() -> t.insert("users", List.of(Map.of("id", "x", "email", "q")), false));
        assertThat(type.status()).isEqualTo(400);
        assertThat(type.properties()).containsEntry("field", "rows[0].id");
        // the transaction is still usable and the failed statements left nothing
        t.insert("users", List.of(Map.of("id", 8, "email", "h@x")), false);
        t.commit();
        List<Object[]> left = tx(x -> drain(x.scan(ScanSpec.all("users"))));
        assertThat(left).extracting(r -> r[0]).containsExactly(1L, 8L);
        assertThat(problem(() -> tx(x -> x.get("nope", List.of(1), null))).status()).isEqualTo(404);
    }

    @Test
    void updatesAndDeletesMaintainIndexes() {
        tx(t -> t.createTable(users()));
        tx(t -> t.insert("users", List.of(Map.of("id", 1, "email", "a@x", "age", 1),
                Map.of("id", 2, "email", "b@x", "age", 2)), false));
        long n = tx(t -> t.update("users", new TableTransaction.Selection(null, new ScanSpec("users", null,
                List.of(), true, List.of(), true, Map.of("op", "lt", "column", "age", "value", 2), null, false, 0)),
                Map.of("email", "z@x", "age", 10)));
        assertThat(n).isEqualTo(1);
        List<Object[]> byEmail = tx(t -> drain(t.scan(new ScanSpec("users", "users_email", List.of("a@x"), true,
                List.of("a@x"), true, null, null, false, 0))));
        assertThat(byEmail).isEmpty();
        long moved = tx(t -> t.update("users", new TableTransaction.Selection(List.of(List.of(2)), null),
                Map.of("id", 20)));
        assertThat(moved).isEqualTo(1);
        long deleted = tx(t -> t.delete("users", new TableTransaction.Selection(List.of(List.of(20), List.of(1)),
                null)));
        assertThat(deleted).isEqualTo(2);
        List<Object[]> rest = tx(t -> drain(t.scan(new ScanSpec("users", "users_email", List.of(), true, List.of(),
                true, null, null, false, 0))));
        assertThat(rest).isEmpty();
    }

    @Test
    void ddlIsTransactional() {
        TableTransaction t = db.begin(IsolationLevel.SERIALIZABLE);
        t.createTable(users());
        t.insert("users", List.of(Map.of("id", 1, "email", "a@x")), false);
        t.rollback();
        assertThat(db.tables()).doesNotContainKey("users");
        tx(x -> x.createTable(users()));
        tx(x -> x.insert("users", List.of(Map.of("id", 1, "email", "a@x")), false));
        TableTransaction d = db.begin(IsolationLevel.SERIALIZABLE);
        d.dropTable("users");
        assertThat(problem(() -> d.get("users", List.of(1), null)).status()).isEqualTo(404);
        d.rollback();
        assertThat(tx(x -> x.get("users", List.of(1), null)).getFirst()).isNotNull();
        tx(x -> {
            x.dropTable("users");
            return null;
        });
        reopen();
        assertThat(db.tables()).isEmpty();
        tx(x -> x.createTable(users()));
        assertThat(tx(x -> x.get("users", List.of(1), null)).getFirst()).isNull();
    }

    @Test
    void hiddenRowIdAndIndexOnPopulatedTable() {
        tx(t -> t.createTable(new TableDefinition("logs", List.of(new ColumnDefinition("msg", "TEXT", true, null),
                new ColumnDefinition("level", "INT", true, 0)), null, null)));
        tx(t -> t.insert("logs", List.of(Map.of("msg", "a", "level", 2), Map.of("msg", "b"), List.of("c", 2)), false));
        tx(t -> t.createIndex("logs", new IndexDefinition("logs_level", List.of("level"), false)));
        List<Object[]> twos = tx(t -> drain(t.scan(new ScanSpec("logs", "logs_level", List.of(2), true, List.of(2),
                true, null, List.of("msg"), false, 0))));
        assertThat(twos).extracting(r -> r[0]).containsExactly("a", "c");
        assertThat(problem(() -> tx(t -> t.createIndex("logs", new IndexDefinition("u", List.of("level"), true))))
                .properties()).containsEntry("constraint", "u");
    }

    @Test
    void changeFeedReplaysCommittedChangesInCommitOrder() {
        tx(t -> t.createTable(users()));
        long first = db.engine().durableLsn();
        tx(t -> t.insert("users", List.of(Map.of("id", 1, "email", "a@x")), false));
        TableTransaction rolledBack = db.begin(IsolationLevel.SERIALIZABLE);
        rolledBack.insert("users", List.of(Map.of("id", 2, "email", "b@x")), false);
        rolledBack.rollback();
        tx(t -> {
            t.update("users", new TableTransaction.Selection(List.of(List.of(1)), null), Map.of("age", 5));
            problem(() -> t.insert("users", List.of(Map.of("id", 3, "email", "c@x"), Map.of("id", 1, "email", "x")),
                    false));
            return t.delete("users", new TableTransaction.Selection(List.of(List.of(1)), null));
        });
        ChangeFeed.Cursor c = db.changes().open(first);
        List<ChangeEvent> events = new ArrayList<>();
        for (List<ChangeEvent> b; !(b = c.poll(100)).isEmpty(); ) {
            events.addAll(b);
        }
        assertThat(events).extracting(ChangeEvent::op).containsExactly(ChangeOp.INSERT, ChangeOp.UPDATE,
                ChangeOp.DELETE);
        assertThat(events.get(1).oldRow()).containsEntry("age", null);
        assertThat(events.get(1).newRow()).containsEntry("age", 5);
        assertThat(events.get(2).key()).containsEntry("id", 1L);
        // resume from the second transaction
        ChangeFeed.Cursor resumed = db.changes().open(events.get(1).lsn());
        assertThat(resumed.poll(100)).hasSize(2);
    }

    @Test
    void aCaughtUpCursorSeesLaterCommits() {
        tx(t -> t.createTable(users()));
        ChangeFeed.Cursor c = db.changes().open(db.engine().durableLsn() + 1);
        assertThat(c.poll(10)).isEmpty();
        tx(t -> t.insert("users", List.of(Map.of("id", 1, "email", "a@x")), false));
        assertThat(c.poll(10)).hasSize(1);
        assertThat(c.poll(10)).isEmpty();
        tx(t -> t.insert("users", List.of(Map.of("id", 2, "email", "b@x")), false));
        assertThat(c.poll(10)).hasSize(1);
    }

    @Test
    void largeTransactionsSpillChangeChunks() {
        tx(t -> t.createTable(users()));
        long first = db.engine().durableLsn();
        tx(t -> {
            List<Object> rows = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                rows.add(Map.of("id", i, "email", "user" + i + "@example.com" + "x".repeat(50)));
            }
            return t.insert("users", rows, false);
        });
        ChangeFeed.Cursor c = db.changes().open(first);
        List<ChangeEvent> events = new ArrayList<>();
        for (List<ChangeEvent> b; !(b = c.poll(1000)).isEmpty(); ) {
            events.addAll(b);
        }
        assertThat(events).hasSize(5000);
        assertThat(events.get(4999).index()).isEqualTo(4999);
    }

    @Test
    void aPositionOlderThanTheRetainedLogIsGoneWithAClearError() {
        db.close();
        db = Database.open(dir.resolve("small-segments"), EngineOptions.defaults().withBufferPoolBytes(16L << 20)
                .withWalSegmentBytes(1L << 20)
                .withCheckpoints(java.time.Duration.ofHours(1), 1L << 20), SegmentListener.NONE);
        db.engine().retainLog(0);
        tx(t -> t.createTable(users()));
        long early = db.engine().durableLsn();
        for (int b = 0; b < 20; b++) {
            int base = b * 1000;
            tx(t -> {
                List<Object> rows = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    rows.add(Map.of("id", base + i, "email", "user" + (base + i) + "x".repeat(80)));
                }
                return t.insert("users", rows, false);
            });
        }
        db.engine().checkpoint();
        assertThat(db.changes().oldestLsn()).isGreaterThan(early);
        ApiProblem gone = problem(() -> db.changes().open(early));
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.properties()).containsEntry("oldestAvailable", db.changes().oldestLsn());
        // from the oldest retained position the feed still reads (whole transactions only)
        ChangeFeed.Cursor c = db.changes().open(db.changes().oldestLsn());
        int events = 0;
        for (List<ChangeEvent> batch; !(batch = c.poll(1000)).isEmpty(); ) {
            events += batch.size();
        }
        assertThat(events % 1000).isZero();
    }

    @Test
    void aStatementRolledBackAcrossChunksLeavesNoChangesInTheFeed() {
        tx(t -> t.createTable(users()));
        long first = db.engine().durableLsn();
        tx(t -> {
            t.insert("users", rows(0, 3000), false);
            List<Object> failing = new ArrayList<>(rows(3000, 2000));
            failing.add(Map.of("id", 0, "email", "dup@x")); // the last row violates the key: all 2,000 go
            problem(() -> t.insert("users", failing, false));
            return t.insert("users", rows(6000, 10), false);
        });
        ChangeFeed.Cursor c = db.changes().open(first);
        List<ChangeEvent> events = new ArrayList<>();
        for (List<ChangeEvent> b; !(b = c.poll(700)).isEmpty(); ) {
            events.addAll(b);
        }
        assertThat(events).hasSize(3010);
        assertThat(events).extracting(e -> e.key().get("id")).doesNotContain(3000L, 4999L);
        assertThat(events.getLast().key()).containsEntry("id", 6009L);
        assertThat(events.getLast().index()).isEqualTo(3009);
    }

    private static List<Object> rows(int from, int n) {
        List<Object> rows = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            rows.add(Map.of("id", i, "email", "user" + i + "@example.com" + "x".repeat(60)));
        }
        return rows;
    }

    static List<Object[]> drain(RowCursor c) {
        List<Object[]> rows = new ArrayList<>();
        try (c) {
            for (List<Object[]> b; !(b = c.next(100)).isEmpty(); ) {
                rows.addAll(b);
            }
        }
        return rows;
    }
}
