package io.neuroquantum.bench;

import java.nio.file.Path;

/** An open target in its own temporary directory; closing it closes the target and deletes the directory. */
record Store(KvTarget target, Path dir) implements AutoCloseable {

    static Store open(String system, String family, long cacheBytes) throws Exception {
        Path dir = Files2.tempDir(system, family);
        KvTarget target = Targets.create(system);
        try {
            target.open(dir, cacheBytes);
            return new Store(target, dir);
        } catch (Exception | Error e) {
            try {
                target.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            Files2.deleteRecursively(dir);
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            target.close();
        } finally {
            Files2.deleteRecursively(dir);
        }
    }
}
