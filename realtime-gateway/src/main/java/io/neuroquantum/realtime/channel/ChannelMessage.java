package io.neuroquantum.realtime.channel;

/**
 * One published message, encoded once: {@code frame} is the complete {@code channel_message}
 * JSON text that every subscriber receives, shared by all of them and by the history. Never
 * modify {@code frame}.
 *
 * @param channel      the concrete channel it was published on
 * @param seq          its per-channel sequence number (1, 2, 3, ... without gaps)
 * @param epochMillis  publish time, the {@code ts} of the frame
 * @param publishNanos {@link System#nanoTime()} at publish, for lag and latency
 * @param frame        UTF-8 bytes of the frame
 */
public record ChannelMessage(String channel, long seq, long epochMillis, long publishNanos, byte[] frame) {
}
