package io.lemonadeoutbox.lemonade.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * What a gap set costs in the token written at every batch. Without the distance rule a gap lives until it is given
 * up ({@code GapCloser}: as soon as no transaction can commit into it) or, as a last resort, until the gap timeout
 * (75 s); a slow transaction's gap stays as long as the transaction. This measures the token's size. Axon's
 * own read binds one parameter per gap, which PostgreSQL's protocol caps at 65,535; the event store reads the gaps
 * as one array parameter instead ({@code EventStoreConfiguration.readWithGaps}), so no gap count stops the reader.
 */
class TokenGapCostTest {

    @Test
    void aTokensSizeGrowsByAboutTenBytesPerGap() {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        long base = 1_000_000_000L;
        for (int gaps : new int[] {10_000, 65_535}) {
            GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(base + 2L * gaps,
                    LongStream.range(0, gaps).map(n -> base + 2 * n).boxed()
                            .collect(Collectors.toCollection(TreeSet::new)));
            SerializedObject<byte[]> serialized = serializer.serialize(token, byte[].class);
            int bytes = serialized.getData().length;
            System.out.printf("token with %,d gaps (10-digit indexes): %,d bytes, %.1f bytes a gap%n", gaps, bytes,
                    (double) bytes / gaps);
            assertThat(bytes).isLessThanOrEqualTo(12 * gaps + 100);
        }
    }
}
