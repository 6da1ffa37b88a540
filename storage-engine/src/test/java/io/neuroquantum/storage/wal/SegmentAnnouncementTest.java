package io.neuroquantum.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine announces each completed log segment (what WAL archiving will copy). */
class SegmentAnnouncementTest {

    @TempDir
    Path dir;

    @Test
    void everyCompletedSegmentIsAnnouncedOnceDurableWithItsLsnRange() {
        List<long[]> closed = new CopyOnWriteArrayList<>();
        List<Boolean> existed = new CopyOnWriteArrayList<>();
        EngineOptions options = EngineOptions.defaults().withWalSegmentBytes(256 * 1024);
        try (StorageEngine engine = StorageEngine.open(dir.resolve("db.nq"), options, (file, first, end) -> {
            closed.add(new long[] {first, end});
            existed.add(Files.exists(file));
        })) {
            KvTree t = engine.createTree("t");
            for (int i = 0; i < 2_000; i++) {
                try (Transaction tx = engine.begin()) {
                    tx.put(t, ("k" + i).getBytes(), new byte[200]);
                    tx.commit();
                }
            }
        }
        assertThat(closed).hasSizeGreaterThanOrEqualTo(2);
        assertThat(existed).containsOnly(true);
        for (int i = 1; i < closed.size(); i++) {
            assertThat(closed.get(i)[0]).isGreaterThan(closed.get(i - 1)[0]); // in log order
        }
        for (long[] c : closed) {
            assertThat(c[1]).isGreaterThan(c[0]).isLessThanOrEqualTo(c[0] + 256 * 1024);
        }
    }
}
