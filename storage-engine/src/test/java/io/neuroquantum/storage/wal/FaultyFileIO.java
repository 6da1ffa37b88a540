package io.neuroquantum.storage.wal;

import io.neuroquantum.storage.file.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real files with injectable faults: fsync failures, short writes (at most N bytes per
 * call), disk full; and counters of writes and fsyncs. Faults a real disk produces too
 * rarely to test otherwise.
 */
final class FaultyFileIO implements FileIO {

    final AtomicInteger forces = new AtomicInteger();
    final AtomicBoolean failNextForce = new AtomicBoolean();
    final AtomicBoolean diskFull = new AtomicBoolean();
    /** Every force of a handle on this file fails (null: none). */
    volatile Path failForcesOf;
    volatile int maxBytesPerWrite = Integer.MAX_VALUE;

    @Override
    public Handle open(Path path, OpenOption... options) throws IOException {
        Handle real = FileIO.REAL.open(path, options);
        return new Handle() {
            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                if (diskFull.get()) {
                    throw new IOException("No space left on device (injected)");
                }
                if (src.remaining() > maxBytesPerWrite) {
                    ByteBuffer part = src.slice(src.position(), maxBytesPerWrite);
                    int n = real.write(part, position);
                    src.position(src.position() + n);
                    return n;
                }
                return real.write(src, position);
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return real.read(dst, position);
            }

            @Override
            public void force() throws IOException {
                if (failNextForce.getAndSet(false) || path.equals(failForcesOf)) {
                    throw new IOException("Input/output error (injected fsync failure)");
                }
                forces.incrementAndGet();
                real.force();
            }

            @Override
            public long size() throws IOException {
                return real.size();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }
}
