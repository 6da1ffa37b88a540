package io.neuroquantum.storage.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * One log record.
 *
 * <pre>
 * | offset | size | field                                                          |
 * |--------|------|----------------------------------------------------------------|
 * |      0 |    4 | total length L in bytes, header included (≥ 32, ≤ segment body)  |
 * |      4 |    4 | CRC32C of the record's own LSN (8 bytes) followed by bytes [8, L) |
 * |      8 |    1 | type ({@link LogRecordType})                                    |
 * |      9 |    3 | reserved, zero                                                 |
 * |     12 |    4 | payload length (L - 32)                                        |
 * |     16 |    8 | transaction id (0: none)                                       |
 * |     24 |    8 | previous LSN of the same transaction (0: none)                  |
 * |     32 |    … | payload                                                        |
 * </pre>
 *
 * Records start at 8-byte aligned LSNs and never cross a segment boundary. Because the LSN
 * is part of the checksum, a stale record left in a recycled or overwritten segment can
 * never pass for a record at another position.
 *
 * @param lsn     where the record starts (its address)
 * @param prevLsn the transaction's previous record, 0 for its first
 */
public record LogRecord(long lsn, LogRecordType type, long txnId, long prevLsn, byte[] payload) {

    public static final int HEADER_SIZE = 32;

    /** Bytes the record occupies in the log, padding to 8 included. */
    public int size() {
        return align(HEADER_SIZE + payload.length);
    }

    /** The LSN just after this record (where the next one starts). */
    public long nextLsn() {
        return lsn + size();
    }

    static int align(int n) {
        return (n + 7) & ~7;
    }

    /** Serialises the record for position {@code lsn} into {@code out} (little-endian). */
    static void write(ByteBuffer out, long lsn, LogRecordType type, long txnId, long prevLsn, byte[] payload) {
        write(out, lsn, type, txnId, prevLsn, PayloadWriter.of(payload), new CRC32C());
    }

    /**
     * Serialises the record for position {@code lsn} into {@code out}, the payload written in
     * place by {@code payload}; {@code crc} is scratch state (reset here). The checksum covers
     * the LSN followed by bytes [8, L): the LSN is put where the length and checksum fields go,
     * so that one pass over [0, L) computes it, and those fields are written afterwards.
     */
    static void write(ByteBuffer out, long lsn, LogRecordType type, long txnId, long prevLsn,
            PayloadWriter payload, CRC32C crc) {
        int start = out.position();
        int payloadLength = payload.size();
        int length = HEADER_SIZE + payloadLength;
        ByteBuffer b = out.order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(lsn).put(type.code()).put((byte) 0).putShort((short) 0).putInt(payloadLength)
                .putLong(txnId).putLong(prevLsn);
        payload.write(b);
        if (b.position() != start + length) {
            throw new IllegalStateException("payload writer put " + (b.position() - start - HEADER_SIZE)
                    + " bytes, announced " + payloadLength);
        }
        int limit = b.limit();
        crc.reset();
        b.position(start).limit(start + length);
        crc.update(b);
        b.limit(limit);
        int pad = align(length) - length;
        for (int i = 0; i < pad; i++) {
            b.put((byte) 0);
        }
        b.putInt(start, length).putInt(start + 4, (int) crc.getValue());
    }

    static int checksum(long lsn, ByteBuffer buf, int from, int len) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lsn));
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + from, len);
        } else {
            crc.update(buf.slice(from, len));
        }
        return (int) crc.getValue();
    }
}
