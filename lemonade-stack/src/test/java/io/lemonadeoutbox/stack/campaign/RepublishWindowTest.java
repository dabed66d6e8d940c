package io.lemonadeoutbox.stack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.stack.audit.PublishedPosition;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which refunded sales a topic loss's republish may put behind their refund, and which it may not. */
class RepublishWindowTest {

    /** The publisher had passed everything up to 100 but 90 when the topic went; the republish sent 0..150. */
    private final RepublishWindow window = new RepublishWindow(new PublishedPosition(100, Set.of(90L)), 150);

    @Test
    void aRepublishedSaleWhoseRefundTheLivePublisherSentLaterMayBeReordered() {
        assertThat(window.mayReorder(40, 120)).isTrue();
        assertThat(window.mayReorder(140, 145)).isTrue();
        assertThat(window.mayReorder(40, 90)).as("a refund in a gap had not been passed").isTrue();
    }

    @Test
    void aRefundOnTheLostTopicWithItsSaleOrASaleAfterTheRepublishIsJudged() {
        assertThat(window.mayReorder(40, 60)).as("passed: it was on the old topic after its sale").isFalse();
        assertThat(window.mayReorder(151, 160)).as("only the live publisher sent it").isFalse();
    }

    @Test
    void nothingKnownToBePassedMakesEveryRepublishedSaleReorderable() {
        assertThat(new RepublishWindow(PublishedPosition.NOTHING, 150).mayReorder(40, 60)).isTrue();
    }
}
