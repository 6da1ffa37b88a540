package io.neuroquantum.storage.page;

/** The byte at {@link PageLayout#TYPE_OFFSET}. Zero is never a valid type: it marks a page never written. */
public enum PageType {
    FILE_HEADER(1), FREE(2), TREE_META(3), BTREE_INNER(4), BTREE_LEAF(5), OVERFLOW(6);

    private final byte code;

    PageType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static PageType of(byte code) {
        for (PageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown page type " + code);
    }
}
