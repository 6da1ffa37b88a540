package io.neuroquantum.storage.buffer;

import io.neuroquantum.storage.page.StorageException;

/** Every frame stayed pinned for the whole wait: the pool is too small for the concurrent work. */
public final class BufferPoolExhaustedException extends StorageException {

    public BufferPoolExhaustedException(int frames, long waitedMillis) {
        super("buffer pool exhausted: all " + frames + " frames stayed pinned for " + waitedMillis
                + " ms; raise the buffer pool size or lower concurrency");
    }
}
