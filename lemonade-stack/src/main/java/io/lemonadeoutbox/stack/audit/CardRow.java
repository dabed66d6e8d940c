package io.lemonadeoutbox.stack.audit;

/** One row of thankyou-service's card table. */
public record CardRow(String saleId, boolean refunded) {
}
