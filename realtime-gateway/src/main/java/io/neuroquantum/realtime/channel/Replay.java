package io.neuroquantum.realtime.channel;

import java.util.List;

/**
 * What a {@code from_seq} subscription gets before live messages: the retained messages with
 * {@code seq >= from_seq}, and, when history no longer holds some of the requested ones, the
 * range that is lost ({@code missedFrom..missedTo}, both inclusive).
 */
public record Replay(String channel, long fromSeq, List<ChannelMessage> messages, long missedFrom, long missedTo) {

    public boolean hasGap() {
        return missedTo >= missedFrom;
    }

    public long missedCount() {
        return hasGap() ? missedTo - missedFrom + 1 : 0;
    }
}
