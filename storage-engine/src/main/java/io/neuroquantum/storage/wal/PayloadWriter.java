package io.neuroquantum.storage.wal;

import java.nio.ByteBuffer;

/**
 * A record payload written straight into the log buffer, so that a record is encoded once,
 * in place, instead of into an array that is then copied. {@link #write} runs under the
 * log's append lock: it must only copy memory (no locks, no I/O) and write exactly
 * {@link #size()} bytes.
 */
public interface PayloadWriter {

    /** Bytes {@link #write} will put. */
    int size();

    /** Puts the payload at {@code out}'s position (little-endian), advancing it by {@link #size()}. */
    void write(ByteBuffer out);

    /** A payload that is already an array. */
    static PayloadWriter of(byte[] payload) {
        return new PayloadWriter() {
            @Override
            public int size() {
                return payload.length;
            }

            @Override
            public void write(ByteBuffer out) {
                out.put(payload);
            }
        };
    }
}
