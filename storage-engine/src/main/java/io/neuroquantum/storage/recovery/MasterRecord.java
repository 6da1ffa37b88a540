package io.neuroquantum.storage.recovery;

import io.neuroquantum.storage.page.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The file {@code checkpoint} in the log directory: where the last complete checkpoint's
 * record is. 24 bytes: magic "NQCKPT01", the LSN of the CHECKPOINT_END record, CRC32C of
 * the first 16 bytes, 4 bytes zero. Replaced atomically (write a temporary file, force it,
 * rename, force the directory), so it always names a complete, durable checkpoint.
 */
public final class MasterRecord {

    private static final long MAGIC = 0x3130_5450_4b43_514eL; // "NQCKPT01" little-endian
    static final String FILE = "checkpoint";

    private MasterRecord() {
    }

    /** The LSN of the last checkpoint record, or 0 if none was ever completed. */
    public static long read(Path walDir) {
        Path file = walDir.resolve(FILE);
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.length != 24 || b.getLong(0) != MAGIC || b.getInt(16) != crc(bytes)) {
                throw new StorageException(file + " is not a valid checkpoint pointer");
            }
            return b.getLong(8);
        } catch (IOException e) {
            throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static void write(Path walDir, long checkpointLsn) {
        byte[] bytes = new byte[24];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, MAGIC).putLong(8, checkpointLsn);
        b.putInt(16, crc(bytes));
        Path tmp = walDir.resolve(FILE + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, walDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(walDir, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new StorageException("cannot write the checkpoint pointer in " + walDir + ": " + e.getMessage(), e);
        }
    }

    private static int crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes, 0, 16);
        return (int) c.getValue();
    }
}
