package io.neuroquantum.realtime.channel;

/**
 * What a channel name may look like: dot-separated segments of {@code [A-Za-z0-9_:-]}, for
 * example {@code sensors.t1}. At most {@value #MAX_LENGTH} characters and {@value #MAX_SEGMENTS}
 * segments. Wildcards ({@code *}, {@code **}) are allowed only in subscription patterns, see
 * {@link ChannelPattern}.
 */
public final class ChannelNames {

    public static final int MAX_LENGTH = 200;
    public static final int MAX_SEGMENTS = 16;

    private ChannelNames() {
    }

    /** Returns null when {@code name} is a valid concrete channel name, else why it is not. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "channel name is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "channel name is longer than " + MAX_LENGTH + " characters";
        }
        int segments = 1;
        int segmentLength = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (segmentLength == 0) {
                    return "channel name '" + name + "' has an empty segment";
                }
                segments++;
                segmentLength = 0;
            } else if (isSegmentChar(c)) {
                segmentLength++;
            } else {
                return "channel name '" + name + "' has the character '" + c
                        + "': use letters, digits, '_', '-', ':' and '.' between segments";
            }
        }
        if (segmentLength == 0) {
            return "channel name '" + name + "' has an empty segment";
        }
        if (segments > MAX_SEGMENTS) {
            return "channel name has more than " + MAX_SEGMENTS + " segments";
        }
        return null;
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    static boolean isSegmentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == ':';
    }
}
