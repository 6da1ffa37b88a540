package io.neuroquantum.storage.changes;

/** What a committed change did to a row. */
public enum ChangeOp {
    INSERT(1), UPDATE(2), DELETE(3);

    final int code;

    ChangeOp(int code) {
        this.code = code;
    }

    static ChangeOp of(int code) {
        for (ChangeOp op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown change op " + code);
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
