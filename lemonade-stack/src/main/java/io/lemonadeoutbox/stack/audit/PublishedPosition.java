package io.lemonadeoutbox.stack.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How far the publishing processor has durably got: every event at or below {@code index} and not in {@code gaps}
 * was acknowledged by Kafka before the token was committed. {@code index} is -1 when nothing was published yet.
 */
public record PublishedPosition(long index, Set<Long> gaps) {

    public static final PublishedPosition NOTHING = new PublishedPosition(-1, Set.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    public PublishedPosition {
        gaps = Set.copyOf(gaps);
    }

    public boolean passed(long globalIndex) {
        return globalIndex <= index && !gaps.contains(globalIndex);
    }

    /**
     * Combines the processor's segments conservatively: the lowest index and the union of the gaps, so an event
     * counts as passed only when no segment could still be waiting for it. A segment without a token (never
     * claimed, or reset) means nothing is known to be passed.
     */
    public static PublishedPosition fromSegmentTokens(List<byte[]> tokens) {
        if (tokens.isEmpty()) {
            return NOTHING;
        }
        long lowest = Long.MAX_VALUE;
        Set<Long> gaps = new TreeSet<>();
        for (byte[] token : tokens) {
            JsonNode position = token == null ? null : trackingPosition(read(token));
            if (position == null || !position.has("index")) {
                return NOTHING;
            }
            lowest = Math.min(lowest, position.path("index").asLong());
            position.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
        }
        return new PublishedPosition(lowest, gaps);
    }

    /** A GapAwareTrackingToken is {index, gaps}; during a replay it is wrapped in a ReplayToken's currentToken. */
    private static JsonNode trackingPosition(JsonNode token) {
        if (token.has("index")) {
            return token;
        }
        JsonNode current = token.get("currentToken");
        return current == null || current.isNull() ? null : trackingPosition(current);
    }

    private static JsonNode read(byte[] token) {
        try {
            return JSON.readTree(token);
        } catch (IOException e) {
            throw new UncheckedIOException("a publishing token is not JSON", e);
        }
    }
}
