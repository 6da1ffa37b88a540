package io.neuroquantum.storage.txn;

/**
 * Multi-granularity lock modes: intention shared/exclusive on tables, shared/exclusive on
 * rows (and tables). Compatibility:
 *
 * <pre>
 *        IS   IX   S    SIX  X
 *   IS   yes  yes  yes  yes  no
 *   IX   yes  yes  no   no   no
 *   S    yes  no   yes  no   no
 *   SIX  yes  no   no   no   no
 *   X    no   no   no   no   no
 * </pre>
 */
public enum LockMode {
    IS, IX, S, SIX, X;

    private static final boolean[][] COMPATIBLE = {
            //          IS     IX     S      SIX    X
            /* IS  */ {true, true, true, true, false},
            /* IX  */ {true, true, false, false, false},
            /* S   */ {true, false, true, false, false},
            /* SIX */ {true, false, false, false, false},
            /* X   */ {false, false, false, false, false},
    };

    public boolean compatibleWith(LockMode other) {
        return COMPATIBLE[ordinal()][other.ordinal()];
    }

    /** Whether holding this mode already gives everything {@code other} gives. */
    public boolean covers(LockMode other) {
        return this == other || join(other) == this;
    }

    /** The weakest mode that gives both (used when a holder asks for more: an upgrade). */
    public LockMode join(LockMode other) {
        if (this == other) {
            return this;
        }
        if (this == X || other == X) {
            return X;
        }
        if (this == IS) {
            return other;
        }
        if (other == IS) {
            return this;
        }
        // remaining pairs among IX, S, SIX
        return SIX;
    }
}
