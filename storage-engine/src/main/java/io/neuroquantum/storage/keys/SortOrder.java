package io.neuroquantum.storage.keys;

/**
 * Direction of one key component.
 *
 * <p>{@link #DESC} stores the bitwise complement of every byte of the component (its tag
 * included), which reverses its unsigned order. NULL sorts last under {@link #ASC} and
 * therefore first under {@link #DESC}, as PostgreSQL does by default.
 */
public enum SortOrder {
    ASC,
    DESC;

    /** The value every byte of a component is XORed with: 0x00 for ASC, 0xFF for DESC. */
    int mask() {
        return this == ASC ? 0x00 : 0xFF;
    }
}
