package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.buffer.PageGuard;
import io.neuroquantum.storage.buffer.WriteGuard;
import io.neuroquantum.storage.page.PageLayout;
import io.neuroquantum.storage.page.PageType;

/**
 * The anchor page of a tree; its id never changes, so it is what a directory stores.
 *
 * <pre>
 * | offset | size | field                                   |
 * |--------|------|-----------------------------------------|
 * |      0 |   16 | common page header, type TREE_META      |
 * |     16 |    8 | root page id                            |
 * |     24 |    4 | height: 1 when the root is a leaf       |
 * |     28 |    … | zero                                    |
 * </pre>
 *
 * The meta page's latch is the first in every descent: holding it exclusively freezes the
 * root (root splits and collapses take it).
 */
final class TreeMeta {

    static final int ROOT = 16;
    static final int HEIGHT = 24;

    private TreeMeta() {
    }

    static void format(WriteGuard g, long root) {
        g.putByte(PageLayout.TYPE_OFFSET, PageType.TREE_META.code());
        g.putLong(ROOT, root);
        g.putInt(HEIGHT, 1);
    }

    static long root(PageGuard g) {
        return g.getLong(ROOT);
    }

    static int height(PageGuard g) {
        return g.getInt(HEIGHT);
    }

    static void setRoot(WriteGuard g, long root, int height) {
        g.putLong(ROOT, root);
        g.putInt(HEIGHT, height);
    }
}
