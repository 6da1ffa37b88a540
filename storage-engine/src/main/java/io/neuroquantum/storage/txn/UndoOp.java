package io.neuroquantum.storage.txn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The logical undo of one change, as stored in an UPDATE record's prefix (see
 * docs/formats/wal.md):
 *
 * <pre>
 * | size | field                                              |
 * |------|----------------------------------------------------|
 * |    1 | kind: 1 remove the key, 2 put the old value back     |
 * |    8 | the tree (its meta page id)                         |
 * |    2 | key length K                                        |
 * |    K | key                                                 |
 * |    4 | value length V (kind 2 only)                        |
 * |    V | old value (kind 2 only)                             |
 * </pre>
 *
 * Undo is logical: it runs as an ordinary tree operation (which may split or merge pages
 * differently from the original), so it stays correct whatever structural changes other
 * transactions made meanwhile.
 */
public record UndoOp(Kind kind, long tree, byte[] key, byte[] value) {

    public enum Kind { REMOVE, RESTORE }

    public static UndoOp remove(long tree, byte[] key) {
        return new UndoOp(Kind.REMOVE, tree, key, null);
    }

    public static UndoOp restore(long tree, byte[] key, byte[] oldValue) {
        return new UndoOp(Kind.RESTORE, tree, key, oldValue);
    }

    public byte[] encode() {
        int size = 1 + 8 + 2 + key.length + (kind == Kind.RESTORE ? 4 + value.length : 0);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) (kind == Kind.REMOVE ? 1 : 2)).putLong(tree).putShort((short) key.length).put(key);
        if (kind == Kind.RESTORE) {
            b.putInt(value.length).put(value);
        }
        return b.array();
    }

    /** @throws IllegalArgumentException if the bytes are not an undo record */
    public static UndoOp decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            byte k = b.get();
            long tree = b.getLong();
            byte[] key = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(key);
            if (k == 1) {
                return remove(tree, key);
            }
            if (k != 2) {
                throw new IllegalArgumentException("unknown undo kind " + k);
            }
            byte[] value = new byte[b.getInt()];
            b.get(value);
            return restore(tree, key, value);
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("malformed undo record", e);
        }
    }
}
