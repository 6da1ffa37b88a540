package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.buffer.PageGuard;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Rows a cursor has read but not yet returned. Each leaf is copied whole into a heap image
 * (one 4–16 KiB copy instead of two per row) while its latch is held; rows are then
 * offsets into those images, and keys and values are materialised only when asked for,
 * or handed out as segment views without copying. Images are recycled between refills.
 */
final class LeafBatch {

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final BTree tree;
    private byte[][] images = new byte[8][];
    private MemorySegment[] imageSegments = new MemorySegment[8];
    private int imagesAllocated;
    private int imagesUsed;
    private int size;
    private int[] image = new int[512];
    private int[] keyOffset = new int[512];
    private int[] keyLength = new int[512];
    private int[] valueOffset = new int[512];
    private int[] valueLength = new int[512];
    private byte[][] overflow = new byte[512][];

    LeafBatch(BTree tree) {
        this.tree = tree;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
        imagesUsed = 0;
        Arrays.fill(overflow, null);
    }

    /** Copies the leaf and adds its rows {@code from} to {@code to} (inclusive), in that direction. */
    void addLeaf(PageGuard leaf, int from, int to) {
        int pageSize = leaf.pageSize();
        if (imagesUsed == imagesAllocated) {
            if (imagesAllocated == images.length) {
                images = Arrays.copyOf(images, images.length * 2);
                imageSegments = Arrays.copyOf(imageSegments, imageSegments.length * 2);
            }
            images[imagesAllocated] = new byte[pageSize];
            imageSegments[imagesAllocated] = MemorySegment.ofArray(images[imagesAllocated]);
            imagesAllocated++;
        }
        int imgIndex = imagesUsed++;
        byte[] img = images[imgIndex];
        leaf.copyTo(0, img, 0, pageSize);
        int step = from <= to ? 1 : -1;
        for (int i = from; i != to + step; i += step) {
            ensureCapacity(size + 1);
            int cell = Short.toUnsignedInt((short) SHORT_LE.get(img, NodePage.SLOTS + 2 * i));
            int kLen = Short.toUnsignedInt((short) SHORT_LE.get(img, cell));
            int info = (int) INT_LE.get(img, cell + 2);
            image[size] = imgIndex;
            keyOffset[size] = cell + NodePage.LEAF_CELL_HEADER;
            keyLength[size] = kLen;
            if (info >= 0) {
                valueOffset[size] = cell + NodePage.LEAF_CELL_HEADER + kLen;
                valueLength[size] = info;
            } else {
                overflow[size] = tree.value(leaf, i);
                valueLength[size] = overflow[size].length;
            }
            size++;
        }
    }

    private void ensureCapacity(int n) {
        if (n > image.length) {
            int cap = image.length * 2;
            image = Arrays.copyOf(image, cap);
            keyOffset = Arrays.copyOf(keyOffset, cap);
            keyLength = Arrays.copyOf(keyLength, cap);
            valueOffset = Arrays.copyOf(valueOffset, cap);
            valueLength = Arrays.copyOf(valueLength, cap);
            overflow = Arrays.copyOf(overflow, cap);
        }
    }

    byte[] key(int row) {
        int off = keyOffset[row];
        return Arrays.copyOfRange(images[image[row]], off, off + keyLength[row]);
    }

    byte[] value(int row) {
        if (overflow[row] != null) {
            return overflow[row].clone();
        }
        int off = valueOffset[row];
        return Arrays.copyOfRange(images[image[row]], off, off + valueLength[row]);
    }

    MemorySegment keySegment(int row) {
        return imageSegments[image[row]].asSlice(keyOffset[row], keyLength[row]).asReadOnly();
    }

    MemorySegment valueSegment(int row) {
        if (overflow[row] != null) {
            return MemorySegment.ofArray(overflow[row]).asReadOnly();
        }
        return imageSegments[image[row]].asSlice(valueOffset[row], valueLength[row]).asReadOnly();
    }

    /** The last row's key (where the next refill resumes). */
    byte[] lastKey() {
        return key(size - 1);
    }
}
