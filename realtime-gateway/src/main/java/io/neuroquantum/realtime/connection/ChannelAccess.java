package io.neuroquantum.realtime.connection;

import io.neuroquantum.platform.auth.KeyPrincipal;
import io.neuroquantum.platform.auth.Role;
import io.neuroquantum.realtime.channel.ChannelPattern;
import java.util.List;
import java.util.Map;

/**
 * Per-channel authorisation. Subscribing needs the {@code read} role, publishing {@code write}
 * ({@code admin} implies both). A key listed in {@code grants} (by id or name) is further
 * limited to channel-name prefixes; an unlisted key may use every channel its roles allow,
 * and admin keys are never limited by prefixes.
 *
 * <p>A wildcard pattern is allowed when its literal prefix (the segments before the first
 * wildcard) lies inside an allowed prefix, so everything it can match is allowed too.
 */
public final class ChannelAccess {

    /** Prefixes a key may read (subscribe) and write (publish). An empty list allows nothing. */
    public record Grant(List<String> read, List<String> write) {
        public Grant {
            read = List.copyOf(read);
            write = List.copyOf(write);
        }
    }

    public static final ChannelAccess OPEN = new ChannelAccess(Map.of());

    private final Map<String, Grant> grants;

    public ChannelAccess(Map<String, Grant> grants) {
        this.grants = Map.copyOf(grants);
    }

    /** Null if {@code p} may subscribe to {@code pattern}, else why not. */
    public String checkRead(KeyPrincipal p, ChannelPattern pattern) {
        if (!p.has(Role.READ)) {
            return "key " + p.id() + " lacks the read role";
        }
        Grant g = grant(p);
        if (g != null && !within(pattern.literalPrefix(), g.read())) {
            return "key " + p.id() + " may not read '" + pattern.text() + "' (allowed prefixes: " + g.read() + ")";
        }
        return null;
    }

    /** Null if {@code p} may publish on {@code channel}, else why not. */
    public String checkWrite(KeyPrincipal p, String channel) {
        if (!p.has(Role.WRITE)) {
            return "key " + p.id() + " lacks the write role";
        }
        Grant g = grant(p);
        if (g != null && !within(channel, g.write())) {
            return "key " + p.id() + " may not publish on '" + channel + "' (allowed prefixes: " + g.write() + ")";
        }
        return null;
    }

    private Grant grant(KeyPrincipal p) {
        if (p.has(Role.ADMIN) || grants.isEmpty()) {
            return null;
        }
        Grant g = grants.get(p.id());
        return g != null ? g : grants.get(p.name());
    }

    private static boolean within(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
