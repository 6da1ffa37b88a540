package io.neuroquantum.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.Transaction;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment size belongs to the log: reopening with another configured size keeps the
 * log's own. (It used to make the newest segment look torn, and it was deleted, with the
 * last checkpoint and any commits after it.)
 */
class SegmentSizeTest {

    @TempDir
    Path dir;

    @Test
    void reopeningWithAnotherSegmentSizeKeepsTheLogAndItsCommits() {
        Path file = dir.resolve("db");
        EngineOptions small = EngineOptions.defaults().withBufferPoolBytes(8L << 20).withWalSegmentBytes(1L << 20);
        try (StorageEngine engine = StorageEngine.open(file, small)) {
            KvTree t = engine.createTree("t");
            for (int i = 0; i < 3000; i++) {
                try (Transaction tx = engine.begin()) {
                    tx.put(t, key(i), new byte[500]);
                    tx.commit();
                }
            }
        }
        EngineOptions large = EngineOptions.defaults().withBufferPoolBytes(8L << 20);
        try (StorageEngine engine = StorageEngine.open(file, large)) {
            KvTree t = engine.openTree("t");
            for (int i = 0; i < 3000; i++) {
                assertThat(t.get(key(i))).as("key %d", i).isNotNull();
            }
        }
    }

    private static byte[] key(int i) {
        return new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }
}
