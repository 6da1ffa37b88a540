package io.neuroquantum.realtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.neuroquantum.realtime.channel.ChannelMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pre-encoded channel-message frame, read back by Netty's own WebSocket decoder (client side). */
class NettyTransportTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void aPreEncodedFrameIsAnUnmaskedFinalTextFrameOfThePayload(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).allowMaskMismatch(false).maxFramePayloadLength(1 << 20).build()));
        ByteBuf wire = NettyTransport.encode(payload, client);
        assertThat(client.writeInbound(wire)).isTrue();
        TextWebSocketFrame frame = client.readInbound();
        try {
            assertThat(frame.isFinalFragment()).isTrue();
            assertThat(frame.rsv()).isZero();
            byte[] got = new byte[frame.content().readableBytes()];
            frame.content().readBytes(got);
            assertThat(got).isEqualTo(payload);
        } finally {
            frame.release();
        }
        assertThat((Object) client.readInbound()).isNull();
        client.finishAndReleaseAll();
    }

    /** The payload of a short pre-encoded frame (2-byte header). */
    private static String text(ByteBuf wire) {
        return wire.toString(wire.readerIndex() + 2, wire.readableBytes() - 2, StandardCharsets.UTF_8);
    }

    @Test
    void subscribersOnOneEventLoopShareOneEncodedFrameUntilTheNextMessage() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChannelMessage a = new ChannelMessage("c", 1, 0, 0, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        ChannelMessage b = new ChannelMessage("c", 2, 0, 0, "{\"b\":2}".getBytes(StandardCharsets.UTF_8));
        ByteBuf first = NettyTransport.wire(a, ch);
        assertThat(NettyTransport.wire(a, ch)).isSameAs(first);
        assertThat(first.refCnt()).isEqualTo(1); // the cache's own reference; each write takes another
        assertThat(text(first)).isEqualTo("{\"a\":1}");
        assertThat(text(NettyTransport.wire(b, ch))).isEqualTo("{\"b\":2}");
        assertThat(text(NettyTransport.wire(a, ch))).isEqualTo("{\"a\":1}");
        ch.finishAndReleaseAll();
    }
}
