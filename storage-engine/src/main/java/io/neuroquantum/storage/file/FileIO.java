package io.neuroquantum.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * The few file operations the log needs, behind an interface so that tests can inject
 * the faults a real disk produces rarely: failed fsync, short and torn writes, a crash at
 * a chosen point. {@link #REAL} is the plain {@link java.nio.channels.FileChannel}.
 */
public interface FileIO {

    FileIO REAL = ChannelFileIO::open;

    /** Opens (or creates, per the options) a file. */
    Handle open(Path path, OpenOption... options) throws IOException;

    /** An open file. Positional I/O only, safe for concurrent use. */
    interface Handle extends AutoCloseable {

        /** Writes some bytes at the position; returns how many (it may be fewer than remain). */
        int write(ByteBuffer src, long position) throws IOException;

        /** Reads some bytes at the position; -1 at end of file. */
        int read(ByteBuffer dst, long position) throws IOException;

        /** fdatasync: data durable once this returns. */
        void force() throws IOException;

        long size() throws IOException;

        @Override
        void close() throws IOException;

        /** Writes all of {@code src}, looping over short writes. */
        default void writeFully(ByteBuffer src, long position) throws IOException {
            long pos = position;
            while (src.hasRemaining()) {
                pos += write(src, pos);
            }
        }

        /** Reads until {@code dst} is full or the file ends; returns the bytes read. */
        default int readFully(ByteBuffer dst, long position) throws IOException {
            int total = 0;
            while (dst.hasRemaining()) {
                int n = read(dst, position + total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        }
    }
}
