package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.stack.audit.PublishedPosition;

/**
 * What one topic loss can reorder. Its republish sends every event up to {@code lostUpTo} again, after the live
 * publisher may already have sent a later event of the same sale to the new topic: a refund the publisher had not
 * passed when the topic was deleted ({@code publishedBefore}) may reach the consumer before its republished sale.
 * A refund it had passed was on the old topic with its sale, and comes back after it.
 */
record RepublishWindow(PublishedPosition publishedBefore, long lostUpTo) {

    boolean mayReorder(long soldIndex, long refundIndex) {
        return soldIndex <= lostUpTo && !publishedBefore.passed(refundIndex);
    }
}
