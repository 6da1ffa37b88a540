package io.neuroquantum.realtime.protocol;

import io.neuroquantum.platform.auth.KeyPrincipal;
import io.neuroquantum.platform.auth.Role;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads client frames and writes server frames (JSON text, snake_case {@code type}).
 * Server frames are built directly as bytes: a {@code channel_message} embeds the published
 * {@code data} JSON as it is, so a message is serialised once for all its subscribers.
 */
public final class ProtocolCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] PONG = ascii("{\"type\":\"pong\"}");

    private ProtocolCodec() {
    }

    /** Decodes a client text frame; anything malformed is a {@link ProtocolException}. */
    public static ClientMessage decode(byte[] utf8) {
        JsonNode root;
        try {
            root = JSON.readTree(utf8);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCodes.INVALID_JSON, "frame is not valid JSON: " + shortMessage(e));
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(ErrorCodes.INVALID_MESSAGE, "a message is a JSON object with a \"type\"");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isString()) {
            throw new ProtocolException(ErrorCodes.INVALID_MESSAGE, "a message needs a string \"type\"");
        }
        return switch (type.asString()) {
            case "auth" -> new ClientMessage.Auth(requiredString(root, "token"));
            case "subscribe" -> new ClientMessage.Subscribe(requiredString(root, "channel"), fromSeq(root));
            case "unsubscribe" -> new ClientMessage.Unsubscribe(requiredString(root, "channel"));
            case "publish" -> {
                String channel = requiredString(root, "channel");
                JsonNode data = root.get("data");
                if (data == null) {
                    throw new ProtocolException(ErrorCodes.INVALID_MESSAGE, "publish needs \"data\"");
                }
                yield new ClientMessage.Publish(channel, JSON.writeValueAsBytes(data));
            }
            case "ping" -> new ClientMessage.Ping();
            case "pong" -> new ClientMessage.Pong();
            case "stream_query", "cancel_query", "live_query" -> new ClientMessage.NotYetSupported(type.asString());
            default -> throw new ProtocolException(ErrorCodes.UNKNOWN_TYPE, "unknown message type '" + clip(type.asString()) + "'");
        };
    }

    /**
     * Checks that {@code body} is one JSON value and returns its compact form, the {@code data}
     * of a REST publish. Malformed JSON is a {@link ProtocolException}.
     */
    public static byte[] normaliseData(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ProtocolException(ErrorCodes.INVALID_JSON, "the body is empty: send a JSON value");
            }
            return JSON.writeValueAsBytes(node);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCodes.INVALID_JSON, "the body is not valid JSON: " + shortMessage(e));
        }
    }

    /** {@code {"type":"channel_message","channel":...,"seq":n,"ts":"<ISO-8601>","data":...}} */
    public static byte[] channelMessage(String channel, long seq, long epochMillis, byte[] dataJson) {
        byte[] head = ascii("{\"type\":\"channel_message\",\"channel\":" + quote(channel) + ",\"seq\":" + seq
                + ",\"ts\":\"" + Instant.ofEpochMilli(epochMillis) + "\",\"data\":");
        byte[] out = new byte[head.length + dataJson.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(dataJson, 0, out, head.length, dataJson.length);
        out[out.length - 1] = '}';
        return out;
    }

    public static byte[] authenticated(KeyPrincipal p) {
        StringBuilder roles = new StringBuilder();
        for (Role r : Role.values()) {
            if (p.has(r)) {
                roles.append(roles.isEmpty() ? "" : ",").append('"').append(r.wireName()).append('"');
            }
        }
        return utf8("{\"type\":\"authenticated\",\"key_id\":" + quote(p.id()) + ",\"roles\":[" + roles + "]}");
    }

    public static byte[] subscriptionConfirmed(String channel) {
        return utf8("{\"type\":\"subscription_confirmed\",\"channel\":" + quote(channel) + "}");
    }

    public static byte[] unsubscribed(String channel) {
        return utf8("{\"type\":\"unsubscribed\",\"channel\":" + quote(channel) + "}");
    }

    /** A slow consumer lost {@code count} messages of {@code channel} (oldest first). */
    public static byte[] dropped(String channel, long count) {
        return utf8("{\"type\":\"dropped\",\"channel\":" + quote(channel) + ",\"count\":" + count + "}");
    }

    /**
     * A {@code from_seq} replay cannot be complete: seqs {@code missedFrom..missedTo} are no
     * longer in the history.
     */
    public static byte[] historyGap(String channel, long fromSeq, long missedFrom, long missedTo) {
        return utf8("{\"type\":\"history_gap\",\"channel\":" + quote(channel) + ",\"from_seq\":" + fromSeq
                + ",\"missed_from\":" + missedFrom + ",\"missed_to\":" + missedTo
                + ",\"count\":" + (missedTo - missedFrom + 1) + "}");
    }

    public static byte[] error(String code, String message) {
        return utf8("{\"type\":\"error\",\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}");
    }

    public static byte[] pong() {
        return PONG;
    }

    private static String requiredString(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || !v.isString()) {
            throw new ProtocolException(ErrorCodes.INVALID_MESSAGE,
                    root.get("type").asString() + " needs a string \"" + field + "\"");
        }
        return v.asString();
    }

    private static long fromSeq(JsonNode root) {
        JsonNode v = root.get("from_seq");
        if (v == null || v.isNull()) {
            return -1;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw new ProtocolException(ErrorCodes.INVALID_MESSAGE, "\"from_seq\" must be a non-negative integer");
        }
        return v.asLong();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, b);
        return b.append('"').toString();
    }

    private static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    private static String shortMessage(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            m = e.getClass().getSimpleName();
        }
        return clip(m.replaceAll("\\s+", " "));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
