package io.neuroquantum.realtime.channel;

/**
 * A subscription pattern: a channel name whose segments may be wildcards.
 * <ul>
 *   <li>{@code *} matches exactly one segment: {@code sensors.*} matches {@code sensors.t1},
 *       not {@code sensors} nor {@code sensors.t1.raw};</li>
 *   <li>{@code **} may only be the last segment and matches one or more segments:
 *       {@code sensors.**} matches {@code sensors.t1} and {@code sensors.t1.raw}, not {@code sensors}.</li>
 * </ul>
 * A pattern without wildcards is exact and matches only itself.
 */
public final class ChannelPattern {

    private static final String ONE = "*";
    private static final String MANY = "**";

    private final String text;
    private final String[] segments;
    private final boolean exact;

    private ChannelPattern(String text, String[] segments, boolean exact) {
        this.text = text;
        this.segments = segments;
        this.exact = exact;
    }

    /** Parses a pattern; an invalid one is an {@link IllegalArgumentException} saying why. */
    public static ChannelPattern parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("channel is empty");
        }
        if (text.length() > ChannelNames.MAX_LENGTH) {
            throw new IllegalArgumentException("channel is longer than " + ChannelNames.MAX_LENGTH + " characters");
        }
        String[] segments = text.split("\\.", -1);
        if (segments.length > ChannelNames.MAX_SEGMENTS) {
            throw new IllegalArgumentException("channel has more than " + ChannelNames.MAX_SEGMENTS + " segments");
        }
        boolean exact = true;
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals(ONE)) {
                exact = false;
            } else if (s.equals(MANY)) {
                if (i != segments.length - 1) {
                    throw new IllegalArgumentException("'**' may only be the last segment of '" + text + "'");
                }
                exact = false;
            } else if (s.isEmpty()) {
                throw new IllegalArgumentException("channel '" + text + "' has an empty segment");
            } else {
                for (int k = 0; k < s.length(); k++) {
                    if (!ChannelNames.isSegmentChar(s.charAt(k))) {
                        throw new IllegalArgumentException("channel '" + text + "' has the character '" + s.charAt(k)
                                + "': use letters, digits, '_', '-', ':', '.' between segments, and '*' or '**' as a whole segment");
                    }
                }
            }
        }
        return new ChannelPattern(text, segments, exact);
    }

    public boolean isExact() {
        return exact;
    }

    public String text() {
        return text;
    }

    /**
     * The channel-name prefix every match starts with: the segments before the first
     * wildcard followed by a dot (the whole name for an exact pattern). Used to check
     * per-key channel prefixes once, at subscription time.
     */
    public String literalPrefix() {
        if (exact) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            if (s.equals(ONE) || s.equals(MANY)) {
                break;
            }
            b.append(s).append('.');
        }
        return b.toString();
    }

    /** Whether the concrete channel {@code name} is matched by this pattern. */
    public boolean matches(String name) {
        if (exact) {
            return text.equals(name);
        }
        int pos = 0;
        int n = name.length();
        for (int i = 0; i < segments.length; i++) {
            if (pos > n) {
                return false;
            }
            String s = segments[i];
            if (s.equals(MANY)) {
                return pos < n; // one or more segments remain (names have no empty segments)
            }
            int end = name.indexOf('.', pos);
            if (end < 0) {
                end = n;
            }
            if (end == pos) {
                return false;
            }
            if (!s.equals(ONE) && !name.regionMatches(pos, s, 0, s.length()) || !s.equals(ONE) && end - pos != s.length()) {
                return false;
            }
            pos = end + 1;
        }
        return pos == n + 1; // consumed every segment of the name, nothing left
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
